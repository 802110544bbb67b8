package io.bufferhub.hub.updates;

import io.bufferhub.hub.support.TestDatabases;

class UpdateSigningH2IT extends UpdateSigningContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
