package io.hexalog.domain.error;

/** A producer wrote with an epoch older than the one the broker knows: it has been fenced. */
public final class InvalidProducerEpochException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidProducerEpochException(String message) {
        super(message);
    }
}
