package io.bufferhub.hub.updates;

import io.bufferhub.hub.support.TestDatabases;

class UpdateReportH2IT extends UpdateReportContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
