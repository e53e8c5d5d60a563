package io.hexalog.domain.group.consumer;

import java.util.Objects;

/**
 * The deadlines a consumer group keeps per member (the last two for its classic members only); the coordinator arms a timer for each and
 * reports back when it fires.
 *
 * @param memberId whose deadline it is
 */
public record ConsumerGroupTimer(Kind kind, String memberId) {

    /** Which deadline. */
    public enum Kind {
        /** {@code group.consumer.session.timeout.ms} after the member's last heartbeat: it is removed. */
        SESSION,
        /** The member's rebalance timeout after it was asked to revoke partitions: removed if it still has not. */
        REVOCATION,
        /**
         * A classic member's rebalance timeout after a Heartbeat told it to rejoin (REBALANCE_IN_PROGRESS): removed
         * if no JoinGroup came by then.
         */
        JOIN,
        /** A classic member's rebalance timeout after its JoinGroup was answered: removed if no SyncGroup came. */
        SYNC
    }

    public ConsumerGroupTimer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(memberId, "memberId");
    }

    public static ConsumerGroupTimer session(String memberId) {
        return new ConsumerGroupTimer(Kind.SESSION, memberId);
    }

    public static ConsumerGroupTimer revocation(String memberId) {
        return new ConsumerGroupTimer(Kind.REVOCATION, memberId);
    }

    public static ConsumerGroupTimer join(String memberId) {
        return new ConsumerGroupTimer(Kind.JOIN, memberId);
    }

    public static ConsumerGroupTimer sync(String memberId) {
        return new ConsumerGroupTimer(Kind.SYNC, memberId);
    }
}
