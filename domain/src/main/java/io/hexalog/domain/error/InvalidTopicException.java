package io.hexalog.domain.error;

/** A topic name breaks Kafka's naming rules. */
public final class InvalidTopicException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidTopicException(String message) {
        super(message);
    }
}
