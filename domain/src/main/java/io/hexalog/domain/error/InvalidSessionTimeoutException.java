package io.hexalog.domain.error;

/** The session timeout is outside the broker's allowed range (INVALID_SESSION_TIMEOUT). */
public final class InvalidSessionTimeoutException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidSessionTimeoutException(String message) {
        super(message);
    }
}
