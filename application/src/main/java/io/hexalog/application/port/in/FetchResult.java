package io.hexalog.application.port.in;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Objects;

/** The outcome of a fetch, one entry per requested partition, in request order. */
public record FetchResult(List<PartitionData> partitions) {

    public FetchResult {
        partitions = List.copyOf(partitions);
    }

    /** Releases the records of every partition read (see {@link LogSlice#release}); later calls do nothing. */
    public void release() {
        release(partitions);
    }

    /** Releases the records of every partition read among {@code partitions}. */
    public static void release(List<PartitionData> partitions) {
        for (PartitionData data : partitions) {
            if (data instanceof PartitionData.Read read) {
                read.records().release();
            }
        }
    }

    /** What a fetch returned of one partition: batches with the offsets that bounded them, or an error. */
    public sealed interface PartitionData {

        TopicIdPartition partition();

        /** Bytes of batches returned; none for a partition that failed. */
        int sizeInBytes();

        /**
         * What was read, and where the log stood when it was read.
         *
         * @param highWatermark    end of the committed log: consumers read below it
         * @param lastStableOffset end of what read-committed consumers may see
         * @param logStartOffset   first offset still in the log
         * @param records          whole batches, the first of which may start before the fetch offset
         * @param abortedTransactions for a read-committed fetch, the aborted transactions with records among
         *                         those returned, which the consumer drops; empty otherwise
         */
        record Read(TopicIdPartition partition, long highWatermark, long lastStableOffset, long logStartOffset,
                    LogSlice records, List<AbortedTransaction> abortedTransactions) implements PartitionData {

            public Read {
                Objects.requireNonNull(partition, "partition");
                Objects.requireNonNull(records, "records");
                abortedTransactions = List.copyOf(abortedTransactions);
                if (logStartOffset < 0 || highWatermark < logStartOffset || lastStableOffset > highWatermark) {
                    throw new IllegalArgumentException("Inconsistent offsets of " + partition + ": log start "
                            + logStartOffset + ", last stable " + lastStableOffset + ", high watermark " + highWatermark);
                }
            }

            /** What a read-uncommitted fetch returns: no aborted transactions. */
            public Read(TopicIdPartition partition, long highWatermark, long lastStableOffset, long logStartOffset,
                        LogSlice records) {
                this(partition, highWatermark, lastStableOffset, logStartOffset, records, List.of());
            }

            @Override
            public int sizeInBytes() {
                return records.sizeInBytes();
            }
        }

        /** Why the partition could not be read, such as an unknown partition or an offset out of range. */
        record Failed(TopicIdPartition partition, HexalogException error) implements PartitionData {

            public Failed {
                Objects.requireNonNull(partition, "partition");
                Objects.requireNonNull(error, "error");
            }

            @Override
            public int sizeInBytes() {
                return 0;
            }
        }
    }
}
