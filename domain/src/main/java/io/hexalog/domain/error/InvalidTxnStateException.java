package io.hexalog.domain.error;

/** A transaction request that its transaction's state does not allow, such as committing an aborted one (INVALID_TXN_STATE). */
public final class InvalidTxnStateException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidTxnStateException(String message) {
        super(message);
    }
}
