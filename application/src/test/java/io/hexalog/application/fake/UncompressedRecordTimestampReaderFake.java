package io.hexalog.application.fake;

import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.application.testdata.Varlongs;
import io.hexalog.domain.log.CompressionType;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.TimestampType;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads record timestamps from uncompressed v2 batches by walking their varint-encoded records; refuses
 * compressed ones, which tests do not produce. In a LogAppendTime batch every record carries the batch's max
 * timestamp, as consumers see it.
 */
public final class UncompressedRecordTimestampReaderFake implements RecordTimestampReader {

    @Override
    public Optional<TimestampedOffset> firstRecordAtOrAfter(RecordBatch batch, long timestamp) {
        ByteBuffer records = records(batch);
        for (int i = 0; i < batch.recordCount(); i++) {
            TimestampedOffset record = next(batch, records);
            if (record.timestamp() >= timestamp) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    @Override
    public TimestampedOffset recordWithMaxTimestamp(RecordBatch batch) {
        ByteBuffer records = records(batch);
        TimestampedOffset max = null;
        for (int i = 0; i < batch.recordCount(); i++) {
            TimestampedOffset record = next(batch, records);
            if (max == null || record.timestamp() > max.timestamp()) {
                max = record;
            }
        }
        if (max == null) {
            throw new IllegalArgumentException("Batch holds no records: " + batch);
        }
        return max;
    }

    private static ByteBuffer records(RecordBatch batch) {
        if (batch.compression() != CompressionType.NONE) {
            throw new UnsupportedOperationException("Only uncompressed batches can be read here: " + batch);
        }
        return batch.bytes().position(RecordBatch.HEADER_SIZE).slice();
    }

    /** Reads one record, leaving the buffer at the next. */
    private static TimestampedOffset next(RecordBatch batch, ByteBuffer records) {
        int length = (int) Varlongs.read(records);
        int end = records.position() + length;
        records.get(); // attributes
        long timestampDelta = Varlongs.read(records);
        long offsetDelta = Varlongs.read(records);
        records.position(end);
        long timestamp = batch.timestampType() == TimestampType.LOG_APPEND_TIME
                ? batch.maxTimestamp()
                : batch.baseTimestamp() + timestampDelta;
        return new TimestampedOffset(batch.baseOffset() + offsetDelta, timestamp);
    }
}
