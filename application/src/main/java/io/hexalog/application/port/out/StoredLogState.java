package io.hexalog.application.port.out;

import io.hexalog.domain.producer.ProducerStateEntry;

import java.util.List;

/**
 * What storage holds of a partition when it is opened: its offset range, producer states, and the index in the
 * replicated log of the command whose append it stored last.
 *
 * @param appliedLogIndex the log index recorded with the latest append that carried one, or
 *                        {@link PartitionLogStore#NO_LOG_INDEX} if none did (a single broker's appends)
 */
public record StoredLogState(long logStartOffset, long logEndOffset, List<ProducerStateEntry> producerStates,
                             long appliedLogIndex) {

    public StoredLogState {
        if (logStartOffset < 0 || logEndOffset < logStartOffset) {
            throw new IllegalArgumentException("Invalid stored log range [" + logStartOffset + ", " + logEndOffset + ")");
        }
        if (appliedLogIndex < PartitionLogStore.NO_LOG_INDEX) {
            throw new IllegalArgumentException("Invalid applied log index " + appliedLogIndex);
        }
        producerStates = List.copyOf(producerStates);
    }

    /** A state that no replicated log appended to. */
    public StoredLogState(long logStartOffset, long logEndOffset, List<ProducerStateEntry> producerStates) {
        this(logStartOffset, logEndOffset, producerStates, PartitionLogStore.NO_LOG_INDEX);
    }

    public static StoredLogState empty() {
        return new StoredLogState(0, 0, List.of());
    }
}
