package io.rekindle.outside;

class WinBackH2IT extends WinBackOutsideIn {

    @Override
    Database database() {
        return Database.H2;
    }
}
