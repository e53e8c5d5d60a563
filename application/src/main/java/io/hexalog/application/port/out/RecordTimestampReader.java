package io.hexalog.application.port.out;

import io.hexalog.domain.log.RecordBatch;

import java.util.Optional;

/**
 * Reads record-level timestamps inside one batch, decompressing it if it must. Only a lookup by timestamp
 * needs this; produce and fetch never look inside a batch.
 */
public interface RecordTimestampReader {

    /** The first record in the batch whose timestamp is at or after {@code timestamp}; empty if none is. */
    Optional<TimestampedOffset> firstRecordAtOrAfter(RecordBatch batch, long timestamp);

    /** The first record in the batch that carries the batch's max timestamp. */
    TimestampedOffset recordWithMaxTimestamp(RecordBatch batch);

    /** A record's offset and timestamp. */
    record TimestampedOffset(long offset, long timestamp) {
    }
}
