package io.rekindle.outside;

class RelaunchH2IT extends RelaunchOutsideIn {

    @Override
    Database database() {
        return Database.H2;
    }
}
