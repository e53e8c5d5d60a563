package io.hexalog.domain.error;

/**
 * A new member must join again with the member ID the coordinator assigned to it (MEMBER_ID_REQUIRED,
 * KIP-394): the ID travels back to the client with the error.
 */
public final class MemberIdRequiredException extends HexalogException {

    private static final long serialVersionUID = 1L;

    private final String memberId;

    public MemberIdRequiredException(String memberId) {
        super("Join again with the assigned member ID " + memberId);
        this.memberId = memberId;
    }

    public String memberId() {
        return memberId;
    }
}
