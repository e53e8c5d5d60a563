package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.application.port.out.LeaderElectionsContract;
import io.hexalog.domain.cluster.BrokerNode;

class SingleNodeLeaderElectionsTest extends LeaderElectionsContract {

    private final ClusterView view = new SingleNodeClusterView("5L6g3nShT-eMCtK--X86sw",
            () -> new BrokerNode(3, "broker.example", 9092));

    @Override
    protected LeaderElections createElections() {
        return new SingleNodeLeaderElections();
    }

    @Override
    protected ClusterView view() {
        return view;
    }
}
