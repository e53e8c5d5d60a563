package io.hexalog.application.port.out;

import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;

import java.util.List;

/**
 * What storage holds of a partition when it is opened: its offset range, producer states (with their ongoing
 * transactions) and the aborted transactions whose markers are at or above the log start offset, in marker order.
 */
public record StoredLogState(long logStartOffset, long logEndOffset, List<ProducerStateEntry> producerStates,
                             List<AbortedTransaction> abortedTransactions) {

    public StoredLogState {
        if (logStartOffset < 0 || logEndOffset < logStartOffset) {
            throw new IllegalArgumentException("Invalid stored log range [" + logStartOffset + ", " + logEndOffset + ")");
        }
        producerStates = List.copyOf(producerStates);
        abortedTransactions = List.copyOf(abortedTransactions);
    }

    /** A stored state without aborted transactions. */
    public StoredLogState(long logStartOffset, long logEndOffset, List<ProducerStateEntry> producerStates) {
        this(logStartOffset, logEndOffset, producerStates, List.of());
    }

    public static StoredLogState empty() {
        return new StoredLogState(0, 0, List.of());
    }
}
