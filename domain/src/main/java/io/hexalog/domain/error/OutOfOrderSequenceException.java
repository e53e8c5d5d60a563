package io.hexalog.domain.error;

/** An idempotent producer's batch does not follow the previous sequence number. */
public final class OutOfOrderSequenceException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public OutOfOrderSequenceException(String message) {
        super(message);
    }
}
