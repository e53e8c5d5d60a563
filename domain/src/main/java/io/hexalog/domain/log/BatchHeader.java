package io.hexalog.domain.log;

/**
 * What retention needs to know of a stored batch, all of it in the batch header: where it sits in the log,
 * how big it is and its newest timestamp.
 *
 * @param baseOffset   offset of the batch's first record
 * @param nextOffset   offset after the batch's last record
 * @param maxTimestamp the batch's max timestamp (the append time for LogAppendTime batches)
 * @param sizeInBytes  the batch's size, header included
 */
public record BatchHeader(long baseOffset, long nextOffset, long maxTimestamp, int sizeInBytes) {

    public BatchHeader {
        if (baseOffset < 0 || nextOffset <= baseOffset) {
            throw new IllegalArgumentException("Invalid batch range [" + baseOffset + ", " + nextOffset + ")");
        }
        if (sizeInBytes < 0) {
            throw new IllegalArgumentException("Batch size must not be negative: " + sizeInBytes);
        }
    }

    public static BatchHeader of(RecordBatch batch) {
        return new BatchHeader(batch.baseOffset(), batch.nextOffset(), batch.maxTimestamp(), batch.sizeInBytes());
    }
}
