package io.hexalog.domain.error;

/** The topic or partition does not exist on this broker. */
public final class UnknownTopicOrPartitionException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public UnknownTopicOrPartitionException(String message) {
        super(message);
    }
}
