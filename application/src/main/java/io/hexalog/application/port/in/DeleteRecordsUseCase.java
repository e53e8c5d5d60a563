package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.CompletableFuture;

/** Deletes the oldest records of a partition by moving its log start offset (DeleteRecords). */
public interface DeleteRecordsUseCase {

    /** Asks to delete everything up to the high watermark. */
    long HIGH_WATERMARK = -1L;

    /**
     * Deletes every record below {@code beforeOffset}; an offset at or below the log start offset deletes
     * nothing.
     *
     * @param beforeOffset the first offset to keep, or {@link #HIGH_WATERMARK}
     * @return completes with the log start offset afterwards (the "low watermark"); fails with
     *         {@link io.hexalog.domain.error.OffsetOutOfRangeException} beyond the high watermark or for a
     *         negative offset, {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} for an unknown
     *         partition
     */
    CompletableFuture<Long> deleteRecordsBefore(TopicIdPartition partition, long beforeOffset);
}
