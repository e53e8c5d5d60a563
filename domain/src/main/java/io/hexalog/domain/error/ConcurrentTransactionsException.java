package io.hexalog.domain.error;

/** The producer's previous transaction is still being completed; the client retries (CONCURRENT_TRANSACTIONS). */
public final class ConcurrentTransactionsException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public ConcurrentTransactionsException(String message) {
        super(message);
    }
}
