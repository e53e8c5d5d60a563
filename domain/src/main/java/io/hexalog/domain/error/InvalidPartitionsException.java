package io.hexalog.domain.error;

/** A partition count is zero, negative or otherwise impossible. */
public final class InvalidPartitionsException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidPartitionsException(String message) {
        super(message);
    }
}
