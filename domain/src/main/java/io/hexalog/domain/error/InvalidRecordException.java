package io.hexalog.domain.error;

/** A batch that is well formed but breaks a rule for records (e.g. transactional batches without transaction support). */
public final class InvalidRecordException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
