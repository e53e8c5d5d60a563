package io.hexalog.domain.error;

/** A topic or broker configuration name or value is unknown or invalid. */
public final class InvalidConfigurationException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }
}
