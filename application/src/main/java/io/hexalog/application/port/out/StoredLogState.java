package io.hexalog.application.port.out;

import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;

import java.util.List;

/**
 * What storage holds of a partition when it is opened: its offset range, producer states (with their ongoing
 * transactions), the index in the replicated log of the command whose append it stored last, and the aborted
 * transactions whose markers are at or above the log start offset, in marker order.
 *
 * @param appliedLogIndex the log index recorded with the latest append that carried one, or
 *                        {@link PartitionLogStore#NO_LOG_INDEX} if none did (a single broker's appends)
 */
public record StoredLogState(long logStartOffset, long logEndOffset, List<ProducerStateEntry> producerStates,
                             long appliedLogIndex, List<AbortedTransaction> abortedTransactions) {

    public StoredLogState {
        if (logStartOffset < 0 || logEndOffset < logStartOffset) {
            throw new IllegalArgumentException("Invalid stored log range [" + logStartOffset + ", " + logEndOffset + ")");
        }
        if (appliedLogIndex < PartitionLogStore.NO_LOG_INDEX) {
            throw new IllegalArgumentException("Invalid applied log index " + appliedLogIndex);
        }
        producerStates = List.copyOf(producerStates);
        abortedTransactions = List.copyOf(abortedTransactions);
    }

    /** A state that no replicated log appended to, without aborted transactions. */
    public StoredLogState(long logStartOffset, long logEndOffset, List<ProducerStateEntry> producerStates) {
        this(logStartOffset, logEndOffset, producerStates, PartitionLogStore.NO_LOG_INDEX, List.of());
    }

    public static StoredLogState empty() {
        return new StoredLogState(0, 0, List.of());
    }
}
