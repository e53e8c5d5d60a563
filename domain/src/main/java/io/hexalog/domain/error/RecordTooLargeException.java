package io.hexalog.domain.error;

/** A batch is larger than the topic's maximum message size. */
public final class RecordTooLargeException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }
}
