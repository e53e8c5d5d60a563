package io.hexalog.domain.error;

/** The group ID is empty or missing (INVALID_GROUP_ID). */
public final class InvalidGroupIdException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidGroupIdException(String message) {
        super(message);
    }
}
