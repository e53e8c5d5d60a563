package io.hexalog.application.fake;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.PreferredLeaderNotAvailableException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * A cluster of brokers 0..n-1 on localhost, broker 0 answering unless told otherwise, in which every partition has
 * every broker as a replica, broker 0 first (its preferred leader), unless a test places it on fewer. A test moves a partition's leader elsewhere and
 * stops or silences brokers; a stopped broker is out of sync and leads nothing. Electing a partition's preferred
 * leader moves the leadership back to broker 0, one epoch later, as a cluster would, or fails while broker 0 is
 * stopped.
 */
public final class ElectableClusterFake implements ClusterView, LeaderElections {

    private static final int PREFERRED = 0;

    private final List<BrokerNode> brokers;
    private final Map<TopicIdPartition, Integer> leaders = new ConcurrentHashMap<>();
    private final Map<TopicIdPartition, Integer> epochs = new ConcurrentHashMap<>();
    private final Set<Integer> stopped = ConcurrentHashMap.newKeySet();
    private final Map<TopicIdPartition, List<Integer>> placed = new ConcurrentHashMap<>();
    private final Set<Integer> silent = ConcurrentHashMap.newKeySet();
    private final List<TopicIdPartition> elected = new ArrayList<>();
    private final Map<TopicIdPartition, Becoming> becoming = new ConcurrentHashMap<>();
    /** The leader named while the local broker is elected but does not serve yet: none. */
    private static final int NOT_YET = PartitionLeadership.NO_LEADER;

    private final int localBrokerId;

    public ElectableClusterFake(int brokerCount) {
        this(brokerCount, PREFERRED);
    }

    /** A cluster answered by broker {@code localBrokerId}, so that the preferred leader may be another broker. */
    public ElectableClusterFake(int brokerCount, int localBrokerId) {
        this.brokers = IntStream.range(0, brokerCount).mapToObj(id -> new BrokerNode(id, "localhost", 9092 + id))
                .toList();
        this.localBrokerId = localBrokerId;
    }

    /** Hands the partition's leadership to {@code nodeId}, in a new epoch. */
    public void lead(TopicIdPartition partition, int nodeId) {
        leaders.put(partition, nodeId);
        epochs.merge(partition, 1, Integer::sum);
    }

    /**
     * Makes the local broker (0) the partition's elected leader, not serving yet: {@link #leads} says no, and
     * {@link #whenLeads} holds each caller, in the order they came, until the test decides how the election ends.
     */
    public Becoming becomeLeaderLater(TopicIdPartition partition) {
        Becoming becoming = new Becoming(partition);
        this.becoming.put(partition, becoming);
        leaders.put(partition, NOT_YET);
        return becoming;
    }

    @Override
    public CompletableFuture<Boolean> whenLeads(TopicIdPartition partition) {
        Becoming held = becoming.get(partition);
        return held == null ? CompletableFuture.completedFuture(leads(partition)) : held.hold();
    }

    /** The local broker's leadership of a partition, between its election and its serving. */
    public final class Becoming {
        private final TopicIdPartition partition;
        private final List<CompletableFuture<Boolean>> held = new ArrayList<>();

        private Becoming(TopicIdPartition partition) {
            this.partition = partition;
        }

        private synchronized CompletableFuture<Boolean> hold() {
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            held.add(ready);
            return ready;
        }

        /** The local broker serves the partition: the held callers go on, in the order they came. */
        public synchronized void serve() {
            becoming.remove(partition);
            lead(partition, PREFERRED);
            held.forEach(ready -> ready.complete(true));
        }

        /** Another broker leads the partition after all: the held callers are told no. */
        public synchronized void lose() {
            becoming.remove(partition);
            lead(partition, 1);
            held.forEach(ready -> ready.complete(false));
        }
    }

    /** Places the partition's replicas on these brokers only, the first its leader, in a new epoch. */
    public void place(TopicIdPartition partition, List<Integer> replicas) {
        placed.put(partition, List.copyOf(replicas));
        lead(partition, replicas.get(0));
    }

    /** Stops a broker: it is out of every partition's in-sync replicas, and leads none. */
    public void stop(int nodeId) {
        stopped.add(nodeId);
    }

    /**
     * Silences a broker: the cluster no longer lists it, though its replicas are still counted in sync and it keeps
     * what it leads, as a cluster stops listing a broker it hears nothing from before its liveness catches up.
     */
    public void silence(int nodeId) {
        if (nodeId == localBrokerId) {
            throw new IllegalArgumentException("A cluster always lists the broker answering, " + nodeId);
        }
        silent.add(nodeId);
    }

    /** The partitions whose preferred leader was elected through this port, in order. */
    public synchronized List<TopicIdPartition> elected() {
        return List.copyOf(elected);
    }

    @Override
    public synchronized CompletableFuture<Void> electPreferredLeader(TopicIdPartition partition, Duration timeout) {
        if (stopped.contains(PREFERRED)) {
            return CompletableFuture.failedFuture(new PreferredLeaderNotAvailableException(
                    "Broker " + PREFERRED + " is stopped"));
        }
        elected.add(partition);
        if (leaders.getOrDefault(partition, PREFERRED) != PREFERRED) {
            lead(partition, PREFERRED);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String clusterId() {
        return "electable-cluster";
    }

    @Override
    public BrokerNode localBroker() {
        return brokers.get(localBrokerId);
    }

    @Override
    public List<BrokerNode> brokers() {
        return brokers.stream()
                .filter(broker -> !stopped.contains(broker.nodeId()) && !silent.contains(broker.nodeId())).toList();
    }

    @Override
    public int controllerId() {
        return 0;
    }

    @Override
    public PartitionLeadership leadership(TopicIdPartition partition) {
        List<Integer> replicas = placed.getOrDefault(partition, brokers.stream().map(BrokerNode::nodeId).toList());
        List<Integer> inSync = new ArrayList<>(replicas);
        inSync.removeAll(stopped);
        int leader = leaders.getOrDefault(partition, PREFERRED);
        return new PartitionLeadership(stopped.contains(leader) ? PartitionLeadership.NO_LEADER : leader,
                epochs.getOrDefault(partition, 0), replicas, inSync);
    }

    /** Every broker of this cluster has joined it. */
    @Override
    public Optional<String> whyNotJoined() {
        return Optional.empty();
    }
}
