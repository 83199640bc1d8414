package io.rekindle.outside;

class ChannelsH2IT extends ChannelsOutsideIn {

    @Override
    Database database() {
        return Database.H2;
    }
}
