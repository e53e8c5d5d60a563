package io.hexalog.domain.error;

/** A consumer group member names a server-side assignor the broker does not have (UNSUPPORTED_ASSIGNOR). */
public final class UnsupportedAssignorException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public UnsupportedAssignorException(String message) {
        super(message);
    }
}
