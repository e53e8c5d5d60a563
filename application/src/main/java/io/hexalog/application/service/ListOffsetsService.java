package io.hexalog.application.service;

import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.application.port.out.RecordTimestampReader.TimestampedOffset;
import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Optional;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Finds offsets by position or by time. A lookup by time first finds the batch by its max timestamp (batch
 * headers only) and then looks inside that one batch for the exact record.
 */
public final class ListOffsetsService implements ListOffsetsQuery {

    private final PartitionRegistry partitions;
    private final RecordTimestampReader timestamps;

    public ListOffsetsService(PartitionRegistry partitions, RecordTimestampReader timestamps) {
        this.partitions = partitions;
        this.timestamps = timestamps;
    }

    @Override
    public CompletableFuture<Optional<ListedOffset>> listOffset(TopicIdPartition id, OffsetSpec spec, IsolationLevel isolation) {
        try {
            Partition partition = partitions.led(id);
            Partition.LogOffsets offsets = partition.offsets();
            int epoch = offsets.leaderEpoch();
            if (spec instanceof OffsetSpec.Earliest) {
                return CompletableFuture.completedFuture(
                        Optional.of(new ListedOffset(offsets.logStartOffset(), OptionalLong.empty(), epoch)));
            }
            if (spec instanceof OffsetSpec.Latest) {
                // read-committed readers stop at the last stable offset
                long latest = isolation == IsolationLevel.READ_COMMITTED
                        ? offsets.lastStableOffset() : offsets.highWatermark();
                return CompletableFuture.completedFuture(
                        Optional.of(new ListedOffset(latest, OptionalLong.empty(), epoch)));
            }
            // as Kafka does, a read-committed reader is not told of a record it could not fetch yet
            long visibleEnd = isolation == IsolationLevel.READ_COMMITTED
                    ? offsets.lastStableOffset() : offsets.highWatermark();
            if (spec instanceof OffsetSpec.ForTimestamp forTimestamp) {
                return partition.firstBatchWithTimestampAtLeast(forTimestamp.timestamp()).thenApply(batch -> batch
                        .flatMap(found -> timestamps.firstRecordAtOrAfter(found, forTimestamp.timestamp()))
                        .filter(record -> record.offset() < visibleEnd)
                        .map(record -> listed(record, epoch)));
            }
            if (spec instanceof OffsetSpec.MaxTimestamp) {
                return partition.batchWithMaxTimestamp().thenApply(batch -> batch
                        .map(timestamps::recordWithMaxTimestamp)
                        .filter(record -> record.offset() < visibleEnd)
                        .map(record -> listed(record, epoch)));
            }
            return CompletableFuture.completedFuture(Optional.empty());
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ListedOffset listed(TimestampedOffset record, int epoch) {
        return new ListedOffset(record.offset(), OptionalLong.of(record.timestamp()), epoch);
    }
}
