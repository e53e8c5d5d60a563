package io.hexalog.domain.error;

/** A consumer group member's epoch is ahead of or behind the coordinator's and it must rejoin without its partitions (FENCED_MEMBER_EPOCH, KIP-848). */
public final class FencedMemberEpochException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public FencedMemberEpochException(String message) {
        super(message);
    }
}
