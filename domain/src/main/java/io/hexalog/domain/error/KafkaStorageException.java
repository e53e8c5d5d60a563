package io.hexalog.domain.error;

/** The storage under a partition failed; the partition no longer accepts writes. */
public final class KafkaStorageException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public KafkaStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public KafkaStorageException(String message) {
        super(message);
    }
}
