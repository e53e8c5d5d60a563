package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Answers "which offset is ..." for consumers and admin tools (ListOffsets). */
public interface ListOffsetsQuery {

    /**
     * @return the offset (and timestamp, where the spec is about time); a timestamp after every record
     *         finds nothing (empty), and so does a lookup in tiered storage, which this broker has none of. Fails with
     *         {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} for an unknown partition.
     */
    CompletableFuture<Optional<ListedOffset>> listOffset(TopicIdPartition partition, OffsetSpec spec, IsolationLevel isolation);
}
