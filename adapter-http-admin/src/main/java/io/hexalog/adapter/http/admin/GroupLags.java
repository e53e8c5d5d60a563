package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A group's lag on each partition it committed an offset for, computed as Kafka's tools compute it: the
 * partition's end (the high watermark, what a read-uncommitted consumer can reach) minus the committed offset,
 * never below zero. Partitions of topics deleted since have no lag.
 */
final class GroupLags {

    private static final Comparator<PartitionLag> BY_PARTITION = Comparator
            .comparing((PartitionLag lag) -> lag.partition().topic().value())
            .thenComparingInt(lag -> lag.partition().partition());

    private final FetchOffsetsQuery offsets;
    private final ListOffsetsQuery listOffsets;
    private final DescribeTopicsQuery topics;

    GroupLags(FetchOffsetsQuery offsets, ListOffsetsQuery listOffsets, DescribeTopicsQuery topics) {
        this.offsets = offsets;
        this.listOffsets = listOffsets;
        this.topics = topics;
    }

    /** How far behind a group is on one partition. */
    record PartitionLag(TopicPartition partition, long currentOffset, long logEndOffset) {

        long lag() {
            return Math.max(0, logEndOffset - currentOffset);
        }
    }

    /** The lags, sorted by topic and partition. */
    CompletableFuture<List<PartitionLag>> of(GroupId group) {
        return offsets.committedOffsets(group).thenCompose(this::lags);
    }

    private CompletableFuture<List<PartitionLag>> lags(Map<TopicPartition, CommittedOffset> committed) {
        List<CompletableFuture<Optional<PartitionLag>>> lags = new ArrayList<>();
        committed.forEach((partition, offset) -> lags.add(lag(partition, offset.offset())));
        return CompletableFuture.allOf(lags.toArray(CompletableFuture[]::new)).thenApply(done -> lags.stream()
                .map(CompletableFuture::join)
                .flatMap(Optional::stream)
                .sorted(BY_PARTITION)
                .toList());
    }

    private CompletableFuture<Optional<PartitionLag>> lag(TopicPartition partition, long committed) {
        Optional<Topic> topic = topics.findTopic(partition.topic()).filter(found -> found.hasPartition(partition.partition()));
        if (topic.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return listOffsets.listOffset(topic.get().partition(partition.partition()), new OffsetSpec.Latest(),
                        IsolationLevel.READ_UNCOMMITTED)
                .thenApply(end -> end.map(ListedOffset::offset)
                        .map(logEnd -> new PartitionLag(partition, committed, logEnd)));
    }
}
