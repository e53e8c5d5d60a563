package io.hexalog.domain.error;

/** A consumer group member subscribes with a regular expression that does not compile (INVALID_REGULAR_EXPRESSION). */
public final class InvalidRegularExpressionException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidRegularExpressionException(String message) {
        super(message);
    }
}
