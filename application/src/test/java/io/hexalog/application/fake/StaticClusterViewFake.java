package io.hexalog.application.fake;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * A fixed cluster of brokers 0..n-1 on localhost; broker 0 answers, controls and leads everything at epoch 0,
 * except the partitions a test hands to another broker.
 */
public final class StaticClusterViewFake implements ClusterView {

    private final List<BrokerNode> brokers;
    private final Map<TopicIdPartition, Integer> leaders = new ConcurrentHashMap<>();

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
        int leader = leaders.getOrDefault(partition, 0);
        List<Integer> replicas = leader == 0 ? List.of(0) : List.of(leader, 0);
        return new PartitionLeadership(leader, leader == 0 ? 0 : 1, replicas, replicas);
    }

    /** From now on broker {@code nodeId} leads the partition, in epoch 1, with broker 0 as its follower. */
    public void handLeadership(TopicIdPartition partition, int nodeId) {
        if (nodeId <= 0 || nodeId >= brokers.size()) {
            throw new IllegalArgumentException("No other broker " + nodeId + " among " + brokers.size());
        }
        leaders.put(partition, nodeId);
    }
}
