package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.domain.compaction.BatchDecision;
import io.hexalog.domain.compaction.BatchRetention;
import io.hexalog.domain.compaction.CompactionRule;
import io.hexalog.domain.log.RecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.FilterResult;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetentionResult;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads and rewrites batches for the log cleaner with Kafka's own record classes, which know every codec and write
 * batches exactly as Kafka's cleaner does ({@code MemoryRecords.filterTo}): offsets, codec, producer fields and base
 * sequence kept, delete horizon set on batches keeping tombstones and on markers whose transaction has no data left,
 * CRC computed anew. Used by the cleaner, and on the produce path of compacted topics only, to find records without a
 * key; never on the fetch path.
 */
final class KafkaRecordBatchRewriter implements RecordBatchRewriter {

    @Override
    public void forEachKey(RecordBatch batch, KeyVisitor keys) {
        for (org.apache.kafka.common.record.internal.RecordBatch decoded : decode(batch).batches()) {
            if (decoded.isControlBatch()) {
                continue;
            }
            try (CloseableIterator<Record> records = decoded.streamingIterator(BufferSupplier.NO_CACHING)) {
                while (records.hasNext()) {
                    Record record = records.next();
                    if (record.hasKey()) {
                        keys.record(record.offset(), record.key());
                    }
                }
            }
        }
    }

    @Override
    public boolean hasRecordWithoutKey(RecordBatch batch) {
        for (org.apache.kafka.common.record.internal.RecordBatch decoded : decode(batch).batches()) {
            try (CloseableIterator<Record> records = decoded.streamingIterator(BufferSupplier.NO_CACHING)) {
                while (records.hasNext()) {
                    if (!records.next().hasKey()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public Rewrite rewrite(RecordBatch batch, CompactionRule rule, long nowMs, long deleteRetentionMs) {
        MemoryRecords records = decode(batch);
        RecordFilter filter = new RecordFilter(nowMs, deleteRetentionMs) {
            private BatchDecision decision;

            @Override
            protected BatchRetentionResult checkBatchRetention(org.apache.kafka.common.record.internal.RecordBatch decoded) {
                decision = rule.checkBatch(batch);
                // a marker without data gets its delete horizon as a tombstone does
                return new BatchRetentionResult(retention(decision.retention()), decision.markerWithoutData());
            }

            @Override
            protected boolean shouldRetainRecord(org.apache.kafka.common.record.internal.RecordBatch decoded,
                                                 Record record) {
                return !decision.dropRecords() && rule.retainRecord(batch, record.offset(),
                        record.hasKey() ? record.key() : null, record.hasValue(), decoded.deleteHorizonMs());
            }
        };
        ByteBuffer destination = ByteBuffer.allocate(batch.sizeInBytes());
        FilterResult result = records.filterTo(filter, destination, BufferSupplier.NO_CACHING,
                Records.SOFT_MAX_ARRAY_LENGTH);
        ByteBuffer written = result.outputBuffer().flip();
        int recordsRead = result.messagesRead();
        if (!written.hasRemaining()) {
            return new Rewrite(Optional.empty(), true, recordsRead, 0);
        }
        if (written.equals(batch.bytes())) {
            return Rewrite.unchanged(batch, recordsRead);
        }
        return new Rewrite(Optional.of(RecordBatch.wrap(written)), true, recordsRead, result.messagesRetained());
    }

    private static RecordFilter.BatchRetention retention(BatchRetention retention) {
        return switch (retention) {
            case DELETE -> RecordFilter.BatchRetention.DELETE;
            case DELETE_EMPTY -> RecordFilter.BatchRetention.DELETE_EMPTY;
            case RETAIN_EMPTY -> RecordFilter.BatchRetention.RETAIN_EMPTY;
        };
    }

    private static MemoryRecords decode(RecordBatch batch) {
        return MemoryRecords.readableRecords(batch.bytes());
    }
}
