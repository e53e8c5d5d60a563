package io.hexalog.domain.error;

/** The request names a generation of the group other than the current one (ILLEGAL_GENERATION). */
public final class IllegalGenerationException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public IllegalGenerationException(String message) {
        super(message);
    }
}
