package io.hexalog.application.service;

import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets for the driving adapters that are not Kafka clients, answered on whichever broker the partition's
 * leader is: this broker's own lookup where it leads, its leader on another broker of a cluster otherwise. A Kafka
 * client asking a broker that does not lead gets NOT_LEADER_OR_FOLLOWER and goes to the leader itself; a person
 * looking at the admin HTTP API of any node of a cluster sees every partition, wherever it is led.
 */
final class LeaderListOffsetsService implements ListOffsetsQuery {

    private final ListOffsetsQuery local;
    private final ClusterView cluster;
    private final RemotePartitionLeader remote;

    LeaderListOffsetsService(ListOffsetsQuery local, ClusterView cluster, RemotePartitionLeader remote) {
        this.local = local;
        this.cluster = cluster;
        this.remote = remote;
    }

    @Override
    public CompletableFuture<Optional<ListedOffset>> listOffset(TopicIdPartition partition, OffsetSpec spec,
                                                                IsolationLevel isolation) {
        if (cluster.leads(partition)) {
            return local.listOffset(partition, spec, isolation);
        }
        if (spec instanceof OffsetSpec.Tiered) {
            // no broker of this cluster has tiered storage: the leader would find nothing either
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return LeaderLookup.leaderOf(cluster, partition)
                .thenCompose(leader -> remote.listOffset(leader, partition.topicPartition(), timestampOf(spec),
                        isolation == IsolationLevel.READ_COMMITTED))
                .thenApply(found -> found.map(offset ->
                        new ListedOffset(offset.offset(), offset.timestamp(), offset.leaderEpoch())));
    }

    private static long timestampOf(OffsetSpec spec) {
        if (spec instanceof OffsetSpec.Earliest) {
            return RemotePartitionLeader.EARLIEST_TIMESTAMP;
        }
        if (spec instanceof OffsetSpec.Latest) {
            return RemotePartitionLeader.LATEST_TIMESTAMP;
        }
        if (spec instanceof OffsetSpec.MaxTimestamp) {
            return RemotePartitionLeader.MAX_TIMESTAMP;
        }
        return ((OffsetSpec.ForTimestamp) spec).timestamp();
    }
}
