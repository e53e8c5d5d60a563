package io.hexalog.domain.error;

/** This broker does not coordinate the group now; the client finds the coordinator again (NOT_COORDINATOR). */
public final class NotCoordinatorException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public NotCoordinatorException(String message) {
        super(message);
    }
}
