package io.hexalog.domain.error;

/** A record batch in a message format older than v2. */
public final class UnsupportedForMessageFormatException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public UnsupportedForMessageFormatException(String message) {
        super(message);
    }
}
