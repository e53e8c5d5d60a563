package io.hexalog.domain.error;

/** A transaction timeout that is not positive or exceeds {@code transaction.max.timeout.ms} (INVALID_TRANSACTION_TIMEOUT). */
public final class InvalidTransactionTimeoutException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidTransactionTimeoutException(String message) {
        super(message);
    }
}
