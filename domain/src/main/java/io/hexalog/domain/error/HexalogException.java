package io.hexalog.domain.error;

/**
 * Root of every failure the broker reports to a client. Each subclass names one Kafka error condition;
 * the protocol adapter maps them to wire error codes in a single table.
 */
public abstract class HexalogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected HexalogException(String message) {
        super(message);
    }

    protected HexalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
