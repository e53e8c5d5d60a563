package io.hexalog.bootstrap;

/** The broker cannot start; the message says why in one line, for the operator. */
public final class BrokerStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerStartupException(String message) {
        super(message);
    }

    public BrokerStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
