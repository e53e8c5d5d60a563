package io.hexalog.domain.error;

/** The member is not (or no longer) in the group it names (UNKNOWN_MEMBER_ID). */
public final class UnknownMemberIdException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public UnknownMemberIdException(String message) {
        super(message);
    }
}
