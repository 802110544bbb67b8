package io.bufferhub.hub.updates;

import io.bufferhub.hub.support.TestDatabases;

class UpdateDownloadH2IT extends UpdateDownloadContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
