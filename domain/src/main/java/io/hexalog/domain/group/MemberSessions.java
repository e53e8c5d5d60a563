package io.hexalog.domain.group;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.RebalanceInProgressException;

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
        GroupMember member;
        try {
            member = roster.validate(memberId, identity.groupInstanceId());
            generation.checkGeneration(generationId);
        } catch (HexalogException e) {
            return GroupOutcome.failed(memberId, e);
        }
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
