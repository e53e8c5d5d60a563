package io.hexalog.application.port.out;

import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Moves a partition's leadership to its preferred replica on demand (Kafka's ElectLeaders, type PREFERRED).
 * Who leads a partition now, which replica is preferred (the first of its replicas) and which replicas are in
 * sync is what the {@link ClusterView} says; the application decides from it whether an election is needed
 * and possible, and asks this port only to move the leadership.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #electPreferredLeader} completes once the {@link ClusterView} of this broker names the
 *       partition's preferred replica as its leader; at once if it does already.</li>
 *   <li>It fails with {@link io.hexalog.domain.error.PreferredLeaderNotAvailableException} when the preferred
 *       replica did not take the leadership over (it is unreachable, or too far behind to catch up in time),
 *       and with {@link io.hexalog.domain.error.RequestTimedOutException} when the leadership moved but this
 *       broker does not see it within the timeout.</li>
 *   <li>Moving a partition's leadership may move that of other partitions with it: those the implementation
 *       replicates together, which share their preferred replica.</li>
 *   <li>It never blocks the caller: the work is done elsewhere.</li>
 * </ul>
 */
public interface LeaderElections {

    /**
     * Makes the partition's preferred replica its leader.
     *
     * @param timeout how long the leadership may take to move, and this broker to see it moved
     */
    CompletableFuture<Void> electPreferredLeader(TopicIdPartition partition, Duration timeout);
}
