package io.hexalog.domain.error;

/** A request that is well formed on the wire but makes no sense. */
public final class InvalidRequestException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
