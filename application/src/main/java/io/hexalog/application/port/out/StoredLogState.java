package io.hexalog.application.port.out;

import io.hexalog.domain.producer.ProducerStateEntry;

import java.util.List;

/** What storage holds of a partition when it is opened: its offset range and producer states. */
public record StoredLogState(long logStartOffset, long logEndOffset, List<ProducerStateEntry> producerStates) {

    public StoredLogState {
        if (logStartOffset < 0 || logEndOffset < logStartOffset) {
            throw new IllegalArgumentException("Invalid stored log range [" + logStartOffset + ", " + logEndOffset + ")");
        }
        producerStates = List.copyOf(producerStates);
    }

    public static StoredLogState empty() {
        return new StoredLogState(0, 0, List.of());
    }
}
