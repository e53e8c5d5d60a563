package io.hexalog.domain.group;

import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.policy.Decision;

/**
 * Keeps members' sessions alive: a heartbeat, or an answer to a member's JoinGroup or SyncGroup, moves the
 * deadline its session timer checks. What happens when a session runs out is {@link MemberDepartures}'.
 */
final class MemberSessions {

    private final GroupGeneration generation;
    private final GroupRoster roster;

    MemberSessions(GroupGeneration generation, GroupRoster roster) {
        this.generation = generation;
        this.roster = roster;
    }

    /** See {@link ClassicGroup#heartbeat}. */
    GroupOutcome<GroupState> heartbeat(MemberIdentity identity, int generationId, long nowMs) {
        String memberId = identity.memberId();
        if (generation.is(GroupState.DEAD)) {
            return GroupOutcome.failed(memberId, generation.beingRemoved());
        }
        Decision admitted = roster.checkMember(memberId, identity.groupInstanceId())
                .andThen(() -> generation.checkGeneration(generationId));
        if (admitted instanceof Decision.Rejected rejected) {
            return GroupOutcome.failed(memberId, rejected.error());
        }
        GroupMember member = roster.get(memberId);
        GroupEffects.Collector effects = new GroupEffects.Collector();
        arm(member, nowMs + member.sessionTimeoutMs(), effects);
        if (generation.is(GroupState.PREPARING_REBALANCE)) {
            return GroupOutcome.failed(memberId, new RebalanceInProgressException("Group " + generation.groupId()
                    + " is rebalancing; rejoin"), effects.effects());
        }
        return GroupOutcome.replied(memberId, generation.state(), effects.effects());
    }

    /** Gives the member until the deadline, and asks for its session timer to fire then. */
    void arm(GroupMember member, long deadlineMs, GroupEffects.Collector effects) {
        member.sessionDeadlineMs(deadlineMs);
        effects.arm(new GroupTimer.MemberSession(member.memberId()), deadlineMs);
    }
}
