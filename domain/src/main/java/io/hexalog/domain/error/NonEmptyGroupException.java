package io.hexalog.domain.error;

/** The group still has members, so it cannot be deleted (NON_EMPTY_GROUP). */
public final class NonEmptyGroupException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public NonEmptyGroupException(String message) {
        super(message);
    }
}
