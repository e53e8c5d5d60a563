package io.hexalog.application.port.out;

import io.hexalog.domain.compaction.CompactionRule;
import io.hexalog.domain.log.RecordBatch;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Looks inside record batches and rewrites them for log compaction, decompressing where it must. Only compaction
 * needs this: the log cleaner, and the produce path of a compacted topic, which refuses records without a key; fetch
 * and the produce path of other topics never look inside a batch.
 *
 * <p>A batch is a stored v2 batch in any codec the broker accepts. A record's offset is the batch's base offset plus
 * the record's offset delta; a tombstone is a record with a key and a null value. An implementation leaves the batch
 * it is given as it found it and is safe to call from any thread.
 */
public interface RecordBatchRewriter {

    /** Calls {@code keys} with the offset and key of every record of a data batch that has a key, in offset order. */
    void forEachKey(RecordBatch batch, KeyVisitor keys);

    /** Whether a record of the batch has no key (a null key; an empty key is a key). */
    boolean hasRecordWithoutKey(RecordBatch batch);

    /**
     * The batch with only the records {@code rule} keeps ({@link CompactionRule#batchRetention},
     * {@link CompactionRule#retainRecord}):
     * <ul>
     *   <li>offsets never change: the cleaned batch keeps the base offset and the last offset of the original, so
     *       its last sequence too, and each kept record its offset;</li>
     *   <li>the compression codec, producer ID and epoch, base sequence, partition leader epoch, timestamp type and
     *       transactional and control flags are kept, and the CRC is computed anew;</li>
     *   <li>a batch keeping a tombstone without a delete horizon gets one, {@code nowMs + deleteRetentionMs}, which the
     *       rule then judges the tombstone by in later cleanings (KIP-534);</li>
     *   <li>a batch keeping no record goes, unless the rule retains it empty: then it stays as an empty batch with
     *       the original's header.</li>
     * </ul>
     *
     * @return what became of the batch; the batch itself, unchanged, when every record stays as it was
     */
    Rewrite rewrite(RecordBatch batch, CompactionRule rule, long nowMs, long deleteRetentionMs);

    /** Receives the keys of a batch's records. */
    @FunctionalInterface
    interface KeyVisitor {
        /** @param key the record's key; only valid during the call */
        void record(long offset, ByteBuffer key);
    }

    /**
     * What cleaning made of one batch.
     *
     * @param cleaned      the batch to store in the original's place; empty when it goes
     * @param changed      whether it differs from the original
     * @param recordsRead  the records of the original
     * @param recordsKept  the records of the cleaned batch
     */
    record Rewrite(Optional<RecordBatch> cleaned, boolean changed, int recordsRead, int recordsKept) {

        public Rewrite {
            Objects.requireNonNull(cleaned, "cleaned");
            if (cleaned.isEmpty() && !changed) {
                throw new IllegalArgumentException("A batch that goes is a change");
            }
        }

        public static Rewrite unchanged(RecordBatch batch, int records) {
            return new Rewrite(Optional.of(batch), false, records, records);
        }
    }
}
