package io.hexalog.application.service;

import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.CompletableFuture;

/** Deletes records from the head of a partition by moving its log start offset (DeleteRecords). */
public final class DeleteRecordsService implements DeleteRecordsUseCase {

    private final PartitionRegistry partitions;

    public DeleteRecordsService(PartitionRegistry partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletableFuture<Long> deleteRecordsBefore(TopicIdPartition id, long beforeOffset) {
        try {
            Partition partition = partitions.get(id);
            long offset = beforeOffset == HIGH_WATERMARK ? partition.offsets().highWatermark() : beforeOffset;
            return partition.advanceLogStartOffset(offset).thenApply(moved -> partition.offsets().logStartOffset());
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
