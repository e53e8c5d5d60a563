package io.hexalog.bootstrap;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster of one: this broker is every partition's only replica and leader, in epoch 0, and the
 * controller. The advertised address is read when asked, because an ephemeral port is known only once
 * the listener is bound.
 */
final class SingleNodeClusterView implements ClusterView {

    private static final int LEADER_EPOCH = 0;

    private final String clusterId;
    private final Supplier<BrokerNode> self;

    SingleNodeClusterView(String clusterId, Supplier<BrokerNode> self) {
        this.clusterId = clusterId;
        this.self = self;
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public BrokerNode localBroker() {
        return self.get();
    }

    @Override
    public List<BrokerNode> brokers() {
        return List.of(self.get());
    }

    @Override
    public int controllerId() {
        return self.get().nodeId();
    }

    @Override
    public PartitionLeadership leadership(TopicIdPartition partition) {
        int nodeId = self.get().nodeId();
        return new PartitionLeadership(nodeId, LEADER_EPOCH, List.of(nodeId), List.of(nodeId));
    }
}
