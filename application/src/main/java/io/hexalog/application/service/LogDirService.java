package io.hexalog.application.service;

import io.hexalog.application.port.in.DescribeLogDirsQuery;
import io.hexalog.application.port.in.LogDirDescription;
import io.hexalog.application.port.in.ReplicaInfo;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Describes the store's log directory with the sizes of the logs of the replicas this broker holds
 * (DescribeLogDirs). In a cluster a broker lists only the partitions it is a replica of, as Kafka's brokers do:
 * {@code kafka-log-dirs.sh} reads the placement of replicas from these answers.
 */
final class LogDirService implements DescribeLogDirsQuery {

    private final PartitionRegistry partitions;
    private final PartitionLogStore store;
    private final ClusterView cluster;

    LogDirService(PartitionRegistry partitions, PartitionLogStore store, ClusterView cluster) {
        this.partitions = partitions;
        this.store = store;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<LogDirDescription> describeLogDir(Collection<TopicIdPartition> requested) {
        List<CompletableFuture<ReplicaInfo>> replicas = new ArrayList<>();
        for (TopicIdPartition id : requested) {
            hosted(id).ifPresent(offsets -> replicas.add(store.sizeInBytes(id).thenApply(size ->
                    new ReplicaInfo(id, size, offsets.logEndOffset() - offsets.highWatermark()))));
        }
        LogDirectory directory = store.logDirectory();
        return CompletableFuture.allOf(replicas.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> new LogDirDescription(directory.path(), directory.totalBytes(),
                        directory.usableBytes(), replicas.stream().map(CompletableFuture::join).toList()));
    }

    private Optional<Partition.LogOffsets> hosted(TopicIdPartition id) {
        if (!cluster.holdsReplica(id)) {
            return Optional.empty();
        }
        return partitions.find(id).map(Partition::offsets);
    }
}
