package io.hexalog.domain.error;

/** An offset commit or fetch names a member epoch other than the member's current one (STALE_MEMBER_EPOCH, KIP-848). */
public final class StaleMemberEpochException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public StaleMemberEpochException(String message) {
        super(message);
    }
}
