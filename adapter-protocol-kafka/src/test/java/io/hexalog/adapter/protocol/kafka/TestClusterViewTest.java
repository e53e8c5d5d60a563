package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.ClusterViewContract;

class TestClusterViewTest extends ClusterViewContract {

    @Override
    protected ClusterView createClusterView() {
        TestClusterView view = new TestClusterView();
        view.leaderEpoch(4);
        return view;
    }
}
