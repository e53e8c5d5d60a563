package io.hexalog.domain.error;

/** A static member joins with an instance ID that another member still holds (UNRELEASED_INSTANCE_ID). */
public final class UnreleasedInstanceIdException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public UnreleasedInstanceIdException(String message) {
        super(message);
    }
}
