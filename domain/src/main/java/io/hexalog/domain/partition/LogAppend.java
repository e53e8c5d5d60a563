package io.hexalog.domain.partition;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.producer.ProducerStateEntry;

import java.util.List;

/**
 * What appending to a partition log decided: the offsets the batches received, the batches (with their
 * offsets assigned) and producer states to persist, or, for a retried duplicate, nothing to persist and
 * the offsets of the original.
 *
 * @param firstOffset    offset of the first record appended (or of the original, for a duplicate)
 * @param lastOffset     offset of the last record appended (or of the original, for a duplicate)
 * @param batches        batches to persist, in log order; empty for a duplicate
 * @param producerStates producer states changed by this append, to persist with the batches
 * @param abortedTransactions transactions this append aborted (an abort marker), to persist with the batches
 */
public record LogAppend(long firstOffset, long lastOffset, List<RecordBatch> batches,
                        List<ProducerStateEntry> producerStates, List<AbortedTransaction> abortedTransactions) {

    public LogAppend {
        batches = List.copyOf(batches);
        producerStates = List.copyOf(producerStates);
        abortedTransactions = List.copyOf(abortedTransactions);
    }

    /** An append of data batches, which abort nothing. */
    public LogAppend(long firstOffset, long lastOffset, List<RecordBatch> batches,
                     List<ProducerStateEntry> producerStates) {
        this(firstOffset, lastOffset, batches, producerStates, List.of());
    }

    public static LogAppend duplicateOf(long firstOffset, long lastOffset) {
        return new LogAppend(firstOffset, lastOffset, List.of(), List.of());
    }

    public boolean isDuplicate() {
        return batches.isEmpty();
    }

    /** The log end offset once these batches are in the log. */
    public long nextOffset() {
        return lastOffset + 1;
    }

    public int sizeInBytes() {
        return batches.stream().mapToInt(RecordBatch::sizeInBytes).sum();
    }
}
