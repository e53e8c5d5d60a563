package io.hexalog.application.fake;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.ClusterViewContract;

class StaticClusterViewFakeTest extends ClusterViewContract {

    @Override
    protected ClusterView createClusterView() {
        return new StaticClusterViewFake(3);
    }
}
