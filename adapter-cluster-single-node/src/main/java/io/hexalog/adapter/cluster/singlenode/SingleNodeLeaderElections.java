package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Leader elections in a cluster of one: the broker is every partition's only replica, its preferred one, and
 * leads it already, so there is never a leadership to move.
 */
public final class SingleNodeLeaderElections implements LeaderElections {

    @Override
    public CompletableFuture<Void> electPreferredLeader(TopicIdPartition partition, Duration timeout) {
        return CompletableFuture.completedFuture(null);
    }
}
