package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.RecordBatch;

import java.nio.ByteBuffer;

/**
 * Reads what retention needs from the first {@link RecordBatch#HEADER_SIZE} bytes of a stored batch, so that
 * listing a partition's batches copies their headers out of RocksDB and never their records. The field
 * positions are those of the v2 batch header (see {@link RecordBatch}).
 */
final class BatchHeaderCodec {

    private static final int BASE_OFFSET = 0;
    private static final int LAST_OFFSET_DELTA = 23;
    private static final int MAX_TIMESTAMP = 35;

    private BatchHeaderCodec() {
    }

    /**
     * @param header      the batch's first bytes, at least {@link RecordBatch#HEADER_SIZE} of them
     * @param sizeInBytes the whole stored batch's size
     */
    static BatchHeader decode(byte[] header, int sizeInBytes) {
        if (sizeInBytes < RecordBatch.HEADER_SIZE || header.length < RecordBatch.HEADER_SIZE) {
            throw new IllegalStateException("Stored batch of " + sizeInBytes + " bytes is smaller than the v2 header ("
                    + RecordBatch.HEADER_SIZE + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(header);
        long baseOffset = buffer.getLong(BASE_OFFSET);
        return new BatchHeader(baseOffset, baseOffset + buffer.getInt(LAST_OFFSET_DELTA) + 1,
                buffer.getLong(MAX_TIMESTAMP), sizeInBytes);
    }
}
