package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster of one fixed broker whose leader epoch a test can move, as a leader change would. A test may also
 * hand the leadership of every partition to {@link #OTHER}, a second broker that this one replicates, as a
 * failover would; electing the preferred leader (this broker, first among the replicas) brings it back.
 */
final class SingleBrokerClusterViewFake implements ClusterView, LeaderElections {

    static final String CLUSTER_ID = "hexalog-test-cluster";
    static final BrokerNode BROKER = new BrokerNode(1, "broker.test", 9092);
    static final BrokerNode OTHER = new BrokerNode(2, "other.test", 9093);

    private volatile int leaderEpoch;
    private volatile int leaderId = BROKER.nodeId();
    private volatile boolean electing;

    void leaderEpoch(int epoch) {
        this.leaderEpoch = epoch;
    }

    /** Hands every partition's leadership to {@link #OTHER}, in the next epoch. */
    void leadElsewhere() {
        leaderId = OTHER.nodeId();
        electing = false;
        leaderEpoch++;
    }

    /** No broker leads any partition, as while a new leader is elected. */
    void leadNowhere() {
        leaderId = PartitionLeadership.NO_LEADER;
        electing = true;
    }

    /** No broker leads any partition, and none is being elected, as while a majority of the replicas is down. */
    void leadNowhereForLong() {
        leaderId = PartitionLeadership.NO_LEADER;
        electing = false;
    }

    @Override
    public CompletableFuture<Void> electPreferredLeader(TopicIdPartition partition, Duration timeout) {
        if (leaderId != BROKER.nodeId()) {
            leaderId = BROKER.nodeId();
            electing = false;
            leaderEpoch++;
        }
        return CompletableFuture.completedFuture(null);
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
        return leaderId == OTHER.nodeId() ? List.of(BROKER, OTHER) : List.of(BROKER);
    }

    @Override
    public int controllerId() {
        return BROKER.nodeId();
    }

    @Override
    public PartitionLeadership leadership(TopicIdPartition partition) {
        if (leaderId == BROKER.nodeId()) {
            return new PartitionLeadership(BROKER.nodeId(), leaderEpoch, List.of(BROKER.nodeId()),
                    List.of(BROKER.nodeId()));
        }
        List<Integer> replicas = List.of(BROKER.nodeId(), OTHER.nodeId());
        return new PartitionLeadership(leaderId, leaderEpoch, replicas, replicas, List.of(), electing);
    }

    @Override
    public Optional<String> whyNotJoined() {
        return Optional.empty();
    }
}
