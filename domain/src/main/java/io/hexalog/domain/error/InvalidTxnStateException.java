package io.hexalog.domain.error;

/**
 * A producer's write does not fit the state of its transaction, such as a non-transactional batch while its
 * transaction on the partition is still ongoing (Kafka's INVALID_TXN_STATE).
 */
public final class InvalidTxnStateException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidTxnStateException(String message) {
        super(message);
    }
}
