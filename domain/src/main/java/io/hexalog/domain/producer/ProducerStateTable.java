package io.hexalog.domain.producer;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The idempotent producers one partition knows, by producer ID. Not thread-safe: its partition guards it. */
public final class ProducerStateTable {

    private final Map<Long, ProducerStateEntry> entries = new HashMap<>();

    public ProducerStateTable(Collection<ProducerStateEntry> initial) {
        initial.forEach(this::put);
    }

    public Optional<ProducerStateEntry> get(long producerId) {
        return Optional.ofNullable(entries.get(producerId));
    }

    public void put(ProducerStateEntry entry) {
        entries.put(entry.producerId(), entry);
    }

    public Collection<ProducerStateEntry> entries() {
        return entries.values();
    }
}
