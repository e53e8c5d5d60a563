package io.hexalog.domain.log;

/** What a reader does with the batches it reads, which decides the {@link LogSlice} form a store may return. */
public enum SliceForm {

    /** The reader looks at the batches (the cleaner, a replica copy, a record browser): they are read into memory. */
    IN_MEMORY,

    /**
     * The reader sends the bytes to a socket as they are (a consumer's fetch): the store may leave them in its files
     * and return {@linkplain LogSlice#unread stretches} of them.
     */
    SENDABLE
}
