package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.ClusterViewContract;

class SingleBrokerClusterViewFakeTest extends ClusterViewContract {

    @Override
    protected ClusterView createClusterView() {
        SingleBrokerClusterViewFake view = new SingleBrokerClusterViewFake();
        view.leaderEpoch(4);
        return view;
    }
}
