package io.hexalog.domain.error;

/** The member's protocol type or protocols do not match the group's (INCONSISTENT_GROUP_PROTOCOL). */
public final class InconsistentGroupProtocolException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InconsistentGroupProtocolException(String message) {
        super(message);
    }
}
