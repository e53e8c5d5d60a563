package io.hexalog.domain.error;

/** Another member now holds this static member's group instance ID (FENCED_INSTANCE_ID). */
public final class FencedInstanceIdException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public FencedInstanceIdException(String message) {
        super(message);
    }
}
