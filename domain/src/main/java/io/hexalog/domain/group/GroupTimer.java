package io.hexalog.domain.group;

import java.util.Objects;

/** The deadlines a group keeps; the coordinator arms a timer for each and reports back when it fires. */
public sealed interface GroupTimer {

    /** A member (or a member that was sent back for its ID) stayed silent past its session timeout. */
    record MemberSession(String memberId) implements GroupTimer {
        public MemberSession {
            Objects.requireNonNull(memberId, "memberId");
        }
    }

    /** The join phase ends: the initial rebalance delay or the rebalance timeout has passed. */
    record JoinPhase() implements GroupTimer {
    }

    /** Members of the new generation that have not sent SyncGroup by now are removed. */
    record SyncPhase() implements GroupTimer {
    }
}
