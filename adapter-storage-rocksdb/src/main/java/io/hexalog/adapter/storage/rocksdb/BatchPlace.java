package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.log.BatchHeader;

import java.nio.ByteBuffer;

/**
 * A batch's entry in the {@code batch_index} column family, keyed by partition and base offset: which segment file
 * holds its bytes and where, the header fields retention and the timestamp lookups need, and the replicated log
 * index of the command it came from. 40 bytes, big-endian.
 *
 * @param fileBaseOffset the base offset its segment file is named after
 * @param generation     the file's generation: 0 for a file appends wrote, more for one the log cleaner wrote
 * @param position       where in the file the batch starts
 * @param sizeInBytes    the batch's size
 * @param nextOffset     the offset after the batch's last record
 * @param maxTimestamp   the batch's max timestamp
 * @param logIndex       the index of the command it came from in the replicated log, or
 *                       {@link io.hexalog.application.port.out.PartitionLogStore#NO_LOG_INDEX}
 */
record BatchPlace(long fileBaseOffset, int generation, int position, int sizeInBytes, long nextOffset,
                  long maxTimestamp, long logIndex) {

    static final int ENCODED_BYTES = Long.BYTES + 4 * Integer.BYTES + 2 * Long.BYTES;

    /** Where the batch ends in its file. */
    long end() {
        return (long) position + sizeInBytes;
    }

    /** Whether {@code other} starts where this ends, in the same file. */
    boolean continuedBy(BatchPlace other) {
        return other.fileBaseOffset == fileBaseOffset && other.generation == generation && other.position == end();
    }

    BatchHeader header(long baseOffset) {
        return new BatchHeader(baseOffset, nextOffset, maxTimestamp, sizeInBytes);
    }

    byte[] encode(long baseOffset) {
        return ByteBuffer.allocate(ENCODED_BYTES)
                .putLong(fileBaseOffset)
                .putInt(generation)
                .putInt(position)
                .putInt(sizeInBytes)
                .putInt(Math.toIntExact(nextOffset - baseOffset))
                .putLong(maxTimestamp)
                .putLong(logIndex)
                .array();
    }

    static BatchPlace decode(long baseOffset, byte[] value) {
        if (value.length != ENCODED_BYTES) {
            throw new IllegalStateException("Batch index entry of " + value.length + " bytes, expected "
                    + ENCODED_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        return new BatchPlace(buffer.getLong(), buffer.getInt(), buffer.getInt(), buffer.getInt(),
                baseOffset + buffer.getInt(), buffer.getLong(), buffer.getLong());
    }
}
