package io.rekindle.outside;

class ModelerDeployH2IT extends ModelerDeployOutsideIn {

    @Override
    Database database() {
        return Database.H2;
    }
}
