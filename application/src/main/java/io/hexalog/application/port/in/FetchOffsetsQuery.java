package io.hexalog.application.port.in;

import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads committed offsets (OffsetFetch), off the caller's thread: both methods may be called from an event
 * loop. A group that does not exist has no offsets.
 */
public interface FetchOffsetsQuery {

    /** Completes with every offset the group committed. */
    CompletableFuture<Map<TopicPartition, CommittedOffset>> committedOffsets(GroupId group);

    /** Completes with the group's offsets of these partitions; partitions without one are absent. */
    CompletableFuture<Map<TopicPartition, CommittedOffset>> committedOffsets(GroupId group,
                                                                            Collection<TopicPartition> partitions);
}
