package io.hexalog.application.fake;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** A fixed cluster of brokers 0..n-1 on localhost; broker 0 answers, controls and leads everything at epoch 0. */
public final class StaticClusterViewFake implements ClusterView {

    private final List<BrokerNode> brokers;

    public StaticClusterViewFake(int brokerCount) {
        this.brokers = IntStream.range(0, brokerCount).mapToObj(id -> new BrokerNode(id, "localhost", 9092 + id)).toList();
    }

    @Override
    public String clusterId() {
        return "test-cluster";
    }

    @Override
    public BrokerNode localBroker() {
        return brokers.get(0);
    }

    @Override
    public List<BrokerNode> brokers() {
        return brokers;
    }

    @Override
    public int controllerId() {
        return 0;
    }

    @Override
    public PartitionLeadership leadership(TopicIdPartition partition) {
        return new PartitionLeadership(0, 0, List.of(0), List.of(0));
    }

    @Override
    public Optional<String> whyNotJoined() {
        return Optional.empty();
    }
}
