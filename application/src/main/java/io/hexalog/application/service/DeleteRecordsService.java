package io.hexalog.application.service;

import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.CompletableFuture;

/**
 * Deletes records from the head of a partition by moving its log start offset (DeleteRecords), through the
 * replicated log so that every replica drops the same records. The offset is checked here first, against
 * this leader's high watermark, so that a deletion no broker could apply is refused before it is submitted.
 */
public final class DeleteRecordsService implements DeleteRecordsUseCase {

    private final PartitionRegistry partitions;
    private final ReplicatedLog log;

    public DeleteRecordsService(PartitionRegistry partitions, ReplicatedLog log) {
        this.partitions = partitions;
        this.log = log;
    }

    @Override
    public CompletableFuture<Long> deleteRecordsBefore(TopicIdPartition id, long beforeOffset) {
        try {
            Partition partition = partitions.led(id);
            Partition.LogOffsets offsets = partition.offsets();
            long offset = beforeOffset == HIGH_WATERMARK ? offsets.highWatermark() : beforeOffset;
            if (offset < 0 || offset > offsets.highWatermark()) {
                throw new OffsetOutOfRangeException("Cannot delete records before offset " + offset
                        + ": it is outside [0, " + offsets.highWatermark() + "] (the high watermark)");
            }
            return log.submit(new ReplicatedCommand.AdvanceLogStartOffset(id, offset))
                    .thenApply(moved -> partition.offsets().logStartOffset());
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
