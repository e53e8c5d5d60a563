package io.hexalog.domain.error;

/** This broker does not lead the partition now; the client refreshes its metadata and retries against the leader (NOT_LEADER_OR_FOLLOWER). */
public final class NotLeaderOrFollowerException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public NotLeaderOrFollowerException(String message) {
        super(message);
    }
}
