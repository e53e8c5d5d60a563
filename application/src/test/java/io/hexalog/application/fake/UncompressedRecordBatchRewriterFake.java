package io.hexalog.application.fake;

import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.application.testdata.KeyedBatch;
import io.hexalog.application.testdata.KeyedRecord;
import io.hexalog.domain.compaction.BatchDecision;
import io.hexalog.domain.compaction.BatchRetention;
import io.hexalog.domain.compaction.CompactionRule;
import io.hexalog.domain.log.RecordBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads and rewrites uncompressed v2 batches by walking and writing their varint-encoded records; refuses compressed
 * ones, which tests of the application do not produce.
 */
public final class UncompressedRecordBatchRewriterFake implements RecordBatchRewriter {

    @Override
    public void forEachKey(RecordBatch batch, KeyVisitor keys) {
        if (batch.isControlBatch()) {
            return;
        }
        for (KeyedRecord record : KeyedBatch.recordsOf(batch)) {
            if (record.key() != null) {
                keys.record(record.offset(), key(record));
            }
        }
    }

    @Override
    public boolean hasRecordWithoutKey(RecordBatch batch) {
        return KeyedBatch.recordsOf(batch).stream().anyMatch(record -> record.key() == null);
    }

    @Override
    public Rewrite rewrite(RecordBatch batch, CompactionRule rule, long nowMs, long deleteRetentionMs) {
        List<KeyedRecord> records = KeyedBatch.recordsOf(batch);
        BatchDecision decision = rule.checkBatch(batch);
        BatchRetention retention = decision.retention();
        if (retention == BatchRetention.DELETE) {
            return new Rewrite(Optional.empty(), true, records.size(), 0);
        }
        OptionalLong horizon = KeyedBatch.deleteHorizonOf(batch);
        List<KeyedRecord> kept = records.stream().filter(record -> !decision.dropRecords() && rule.retainRecord(batch,
                record.offset(), record.key() == null ? null : key(record), !record.isTombstone(), horizon)).toList();
        if (kept.isEmpty()) {
            return retention == BatchRetention.RETAIN_EMPTY
                    ? new Rewrite(Optional.of(KeyedBatch.withRecords(batch, List.of(), OptionalLong.empty())), true,
                    records.size(), 0)
                    : new Rewrite(Optional.empty(), true, records.size(), 0);
        }
        boolean needsHorizon = horizon.isEmpty() && (decision.markerWithoutData()
                || !batch.isControlBatch() && kept.stream().anyMatch(KeyedRecord::isTombstone));
        if (kept.size() == records.size() && !needsHorizon) {
            return Rewrite.unchanged(batch, records.size());
        }
        OptionalLong newHorizon = needsHorizon ? OptionalLong.of(nowMs + deleteRetentionMs) : horizon;
        return new Rewrite(Optional.of(KeyedBatch.withRecords(batch, kept, newHorizon)), true, records.size(),
                kept.size());
    }

    private static ByteBuffer key(KeyedRecord record) {
        return ByteBuffer.wrap(record.key().getBytes(StandardCharsets.ISO_8859_1));
    }
}
