package io.hexalog.application.port.out;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The brokers of the cluster and who leads which partition. Metadata, DescribeCluster and FindCoordinator
 * read the cluster from here and nowhere else, so that a replicated mode can replace a single node.
 *
 * <p>What it answers holds together: the local broker and the controller are among {@link #brokers()},
 * and so is every partition's leader, while the partition has one. Safe to call from any thread.
 */
public interface ClusterView {

    /** The cluster's ID: never blank, and the same for the life of the view (clients fence on it). */
    String clusterId();

    /** The broker answering this request; one of {@link #brokers()}. */
    BrokerNode localBroker();

    /** The brokers clients may connect to: at least the local one, each node ID once. */
    List<BrokerNode> brokers();

    /** The node ID of the broker acting as controller; one of {@link #brokers()}. */
    int controllerId();

    /**
     * Who leads {@code partition}, for any partition asked about: the leader is one of {@link #brokers()} and
     * one of the partition's replicas and in-sync replicas; the replicas are brokers, each once; the in-sync
     * replicas are among the replicas; the leader epoch is not negative. While no broker may serve the
     * partition (a cluster electing its leader, too few replicas alive, the leader's storage offline) the
     * leader is {@link io.hexalog.domain.cluster.PartitionLeadership#NO_LEADER}, and clients ask again.
     */
    PartitionLeadership leadership(TopicIdPartition partition);

    /**
     * Whether this broker leads the partition now and may serve its produce and fetch requests: in a cluster,
     * only once it has applied everything its predecessors committed. Called for every partition of every
     * produce and fetch, so it answers from memory, at once.
     */
    default boolean leads(TopicIdPartition partition) {
        return leadership(partition).leaderId() == localBroker().nodeId();
    }

    /**
     * Completes with whether this broker leads the partition and may serve it, as {@link #leads} tells, after waiting
     * a little if it is becoming its leader: a broker of a cluster just elected a partition's leader first applies
     * what its predecessors committed, and a produce that reaches it meanwhile is better held than sent away (the
     * client would come back only after its retry backoff). Requests held for a partition are let through in the
     * order they came. Never completes exceptionally.
     */
    default CompletableFuture<Boolean> whenLeads(TopicIdPartition partition) {
        return CompletableFuture.completedFuture(leads(partition));
    }

    /**
     * Whether this broker holds a replica of the partition, as {@link #leadership} places it: on a single broker,
     * every partition. A broker of a cluster that holds none keeps no records of it and answers nothing about its
     * log (DescribeLogDirs lists only the replicas a broker holds).
     */
    default boolean holdsReplica(TopicIdPartition partition) {
        return leadership(partition).replicas().contains(localBroker().nodeId());
    }

    /**
     * Why this broker has not joined the cluster, or empty once it has and serves: it has registered its
     * endpoint with the cluster and applied the cluster's metadata up to there, it knows the controller, and it
     * knows a leader for every partition (itself or another broker). A starting broker takes no client connection
     * before it has registered and caught up; after that, while it has not joined it answers clients only to send
     * them elsewhere. A readiness check says why with this reason, a short sentence such as {@code "no controller
     * known: waiting for a majority of the voters"}. A broker that loses the majority stops having joined until a
     * majority is back. A single broker has joined from the start. Asked by readiness checks: answers from memory,
     * at once, from any thread.
     */
    Optional<String> whyNotJoined();

    /**
     * The node ID of the broker that coordinates consumer groups now (FindCoordinator); one of
     * {@link #brokers()}. Every group has the same coordinator.
     */
    default int groupCoordinatorId() {
        return controllerId();
    }

    /**
     * The epoch of the coordinator of groups and transactions as this broker sees it: it grows every time the
     * coordinator moves and never goes back, so that what a deposed coordinator still sends (transaction markers)
     * carries an older epoch than its successor's and is refused. In a cluster, the metadata group's Raft term;
     * a single broker, which is always the coordinator, has epoch 0. Answers from memory, at once.
     */
    default int coordinatorEpoch() {
        return 0;
    }

    /**
     * Whether the brokers replicate their metadata in a log of their own, which {@link #metadataQuorum} describes: a
     * cluster's do, a single broker has none. Fixed for the life of the view.
     */
    default boolean hasMetadataQuorum() {
        return false;
    }

    /**
     * The metadata quorum as its leader sees it now (DescribeQuorum). A broker that does not lead the metadata log
     * asks the one that does, so this may wait, up to the cluster's request timeout. Completes exceptionally where
     * no leader answers within it, and where there is no quorum ({@link #hasMetadataQuorum}).
     */
    default CompletableFuture<MetadataQuorum> metadataQuorum() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "This broker replicates no metadata log: it has no metadata quorum"));
    }
}
