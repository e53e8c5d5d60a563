package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.domain.log.RecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;

import java.util.Optional;

/**
 * Reads record timestamps inside a batch with Kafka's own record classes, which know every codec. Used
 * only by timestamp lookups, never on the produce or fetch path.
 */
final class KafkaRecordTimestampReader implements RecordTimestampReader {

    @Override
    public Optional<TimestampedOffset> firstRecordAtOrAfter(RecordBatch batch, long timestamp) {
        for (org.apache.kafka.common.record.internal.RecordBatch decoded : decode(batch)) {
            for (Record record : decoded) {
                if (record.timestamp() >= timestamp) {
                    return Optional.of(new TimestampedOffset(record.offset(), record.timestamp()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public TimestampedOffset recordWithMaxTimestamp(RecordBatch batch) {
        long maxTimestamp = batch.maxTimestamp();
        return firstRecordAtOrAfter(batch, maxTimestamp)
                .orElse(new TimestampedOffset(batch.baseOffset(), maxTimestamp));
    }

    private static Iterable<? extends org.apache.kafka.common.record.internal.RecordBatch> decode(RecordBatch batch) {
        return MemoryRecords.readableRecords(batch.bytes()).batches();
    }
}
