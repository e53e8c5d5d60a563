package io.hexalog.domain.error;

/** The group is being removed or its coordinator cannot serve it now; retry (COORDINATOR_NOT_AVAILABLE). */
public final class CoordinatorNotAvailableException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public CoordinatorNotAvailableException(String message) {
        super(message);
    }
}
