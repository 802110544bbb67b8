package io.bufferhub.hub.updates;

import io.bufferhub.hub.support.TestDatabases;

class UpdatePublishH2IT extends UpdatePublishContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
