package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Optional;

/** A cluster of one fixed broker whose leader epoch a test can move, as a leader change would. */
final class SingleBrokerClusterViewFake implements ClusterView {

    static final String CLUSTER_ID = "hexalog-test-cluster";
    static final BrokerNode BROKER = new BrokerNode(1, "broker.test", 9092);

    private volatile int leaderEpoch;

    void leaderEpoch(int epoch) {
        this.leaderEpoch = epoch;
    }

    @Override
    public String clusterId() {
        return CLUSTER_ID;
    }

    @Override
    public BrokerNode localBroker() {
        return BROKER;
    }

    @Override
    public List<BrokerNode> brokers() {
        return List.of(BROKER);
    }

    @Override
    public int controllerId() {
        return BROKER.nodeId();
    }

    @Override
    public PartitionLeadership leadership(TopicIdPartition partition) {
        return new PartitionLeadership(BROKER.nodeId(), leaderEpoch, List.of(BROKER.nodeId()), List.of(BROKER.nodeId()));
    }

    @Override
    public Optional<String> whyNotJoined() {
        return Optional.empty();
    }
}
