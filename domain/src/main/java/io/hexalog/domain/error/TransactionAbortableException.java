package io.hexalog.domain.error;

/**
 * The producer's transaction cannot go on and must be aborted, though the producer may then start another
 * (TRANSACTION_ABORTABLE, KIP-890): a transactional batch for a partition its transaction never added.
 */
public final class TransactionAbortableException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public TransactionAbortableException(String message) {
        super(message);
    }
}
