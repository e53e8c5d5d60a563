package io.hexalog.domain.error;

/** A topic with the same name already exists. */
public final class TopicAlreadyExistsException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public TopicAlreadyExistsException(String message) {
        super(message);
    }
}
