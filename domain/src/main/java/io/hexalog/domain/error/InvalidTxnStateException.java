package io.hexalog.domain.error;

/**
 * A request or a write that the state of its transaction does not allow, such as committing an aborted
 * transaction, or a non-transactional batch while the producer's transaction on the partition is still ongoing
 * (Kafka's INVALID_TXN_STATE).
 */
public final class InvalidTxnStateException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidTxnStateException(String message) {
        super(message);
    }
}
