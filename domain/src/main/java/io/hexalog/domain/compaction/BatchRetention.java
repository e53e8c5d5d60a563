package io.hexalog.domain.compaction;

/** What the cleaner does with a batch as a whole, before looking at its records (Kafka's {@code BatchRetention}). */
public enum BatchRetention {
    /** The batch goes whatever its records: the records of an aborted transaction. */
    DELETE,
    /** The batch is rewritten with the records kept, and goes if none is. */
    DELETE_EMPTY,
    /** The batch is rewritten with the records kept, and stays as an empty batch if none is: a producer's last. */
    RETAIN_EMPTY
}
