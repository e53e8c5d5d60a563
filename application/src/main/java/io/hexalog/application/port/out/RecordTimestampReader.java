package io.hexalog.application.port.out;

import io.hexalog.domain.log.RecordBatch;

import java.util.Optional;

/**
 * Reads record-level timestamps inside one batch, decompressing it if it must. Only a lookup by timestamp
 * needs this; produce and fetch never look inside a batch.
 *
 * <p>A batch is a stored v2 batch holding at least one record, in any codec the broker accepts. A record's
 * offset is the batch's base offset plus the record's offset delta. A record's timestamp is the one a
 * consumer sees: its own in a CreateTime batch (the base timestamp plus the record's delta, so it may lie
 * before the base timestamp), and the batch's max timestamp for every record of a LogAppendTime batch.
 * Records are considered in offset order; their timestamps need not ascend. A reader leaves the batch as it
 * found it and is safe to call from any thread.
 */
public interface RecordTimestampReader {

    /** The first record in offset order whose timestamp is at or after {@code timestamp}; empty if none is. */
    Optional<TimestampedOffset> firstRecordAtOrAfter(RecordBatch batch, long timestamp);

    /** The record with the greatest timestamp in the batch; the first in offset order if several share it. */
    TimestampedOffset recordWithMaxTimestamp(RecordBatch batch);

    /** A record's offset and timestamp. */
    record TimestampedOffset(long offset, long timestamp) {
    }
}
