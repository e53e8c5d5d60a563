package io.hexalog.domain.error;

/**
 * The storage under a partition refused an append because it does not fit in the room the storage may use
 * (the memory store's budget, {@code log.memory.max.bytes}). Nothing of the append was stored and the
 * partition stays writable: an append that fits, or the same one once room is given back, is taken. Kafka
 * has no such limit; clients are told POLICY_VIOLATION, which they do not retry (ADR 6).
 */
public final class StorageFullException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public StorageFullException(String message) {
        super(message);
    }
}
