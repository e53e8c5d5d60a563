package io.hexalog.domain.error;

/** No topic carries the given topic ID. */
public final class UnknownTopicIdException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public UnknownTopicIdException(String message) {
        super(message);
    }
}
