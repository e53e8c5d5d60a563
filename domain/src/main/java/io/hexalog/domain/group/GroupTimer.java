package io.hexalog.domain.group;

import java.util.Objects;

/**
 * The deadlines a group keeps; the coordinator arms a timer for each and reports back when it fires.
 * <p>
 * Each implementation has its own {@link Kind}, and the group handles a fired timer in a {@code switch} over
 * the kind without a default branch: a new kind of timer does not compile until the group handles it.
 * (Switching over the sealed type itself takes pattern matching for {@code switch}, which Java 17 lacks.)
 */
public sealed interface GroupTimer {

    /** Which of the group's deadlines this is; one kind per implementation. */
    Kind kind();

    /** The kinds of timer a group arms. */
    enum Kind {
        /** {@link MemberSession}. */
        MEMBER_SESSION,
        /** {@link JoinPhase}. */
        JOIN_PHASE,
        /** {@link SyncPhase}. */
        SYNC_PHASE
    }

    /** A member (or a member that was sent back for its ID) stayed silent past its session timeout. */
    record MemberSession(String memberId) implements GroupTimer {

        public MemberSession {
            Objects.requireNonNull(memberId, "memberId");
        }

        @Override
        public Kind kind() {
            return Kind.MEMBER_SESSION;
        }
    }

    /** The join phase ends: the initial rebalance delay or the rebalance timeout has passed. */
    record JoinPhase() implements GroupTimer {

        @Override
        public Kind kind() {
            return Kind.JOIN_PHASE;
        }
    }

    /** Members of the new generation that have not sent SyncGroup by now are removed. */
    record SyncPhase() implements GroupTimer {

        @Override
        public Kind kind() {
            return Kind.SYNC_PHASE;
        }
    }
}
