package io.hexalog.domain.error;

/** No transaction is known under a transactional ID (TRANSACTIONAL_ID_NOT_FOUND). */
public final class TransactionalIdNotFoundException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public TransactionalIdNotFoundException(String message) {
        super(message);
    }
}
