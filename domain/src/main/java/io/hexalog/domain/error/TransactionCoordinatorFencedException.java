package io.hexalog.domain.error;

/**
 * A transaction marker came from a coordinator older than one that already wrote a marker for the producer: a
 * newer coordinator has taken over (Kafka's TRANSACTION_COORDINATOR_FENCED).
 */
public final class TransactionCoordinatorFencedException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public TransactionCoordinatorFencedException(String message) {
        super(message);
    }
}
