package io.hexalog.domain.group;

import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.HexalogException;

import java.util.List;

/**
 * A static member (KIP-345) restarted and joins without its member ID: its new incarnation takes the old
 * one's place, assignment included, and the old incarnation is fenced. In a stable group whose protocol
 * does not change this needs no rebalance.
 */
final class StaticMemberReplacement {

    private final GroupGeneration generation;
    private final GroupRoster roster;
    private final MemberSessions sessions;
    private final Rebalance rebalance;

    StaticMemberReplacement(GroupGeneration generation, GroupRoster roster, MemberSessions sessions,
                            Rebalance rebalance) {
        this.generation = generation;
        this.roster = roster;
        this.sessions = sessions;
        this.rebalance = rebalance;
    }

    GroupOutcome<JoinResult> replace(JoinRequest request, GroupMember old, String newMemberId, long nowMs,
                                     GroupEffects.Collector effects) {
        String leaderBefore = roster.leaderId().orElse("");
        fence(old, effects);
        effects.cancel(new GroupTimer.MemberSession(old.memberId()));
        GroupMember member = roster.replaceStatic(old, newMemberId);
        sessions.arm(member, nowMs + request.sessionTimeoutMs(), effects);
        member.update(request);
        member.awaitingJoin(true);
        switch (generation.state()) {
            case STABLE -> {
                if (generation.protocolName().orElse("").equals(roster.selectProtocol())) {
                    member.awaitingJoin(false);
                    return GroupOutcome.replied(newMemberId, keepGeneration(request, member, leaderBefore),
                            effects.effects());
                }
                rebalance.rebalanceOrCompleteJoin(nowMs, effects);
            }
            // The leader may already be computing an assignment that names the old member ID.
            case COMPLETING_REBALANCE -> rebalance.prepare(nowMs, effects);
            case PREPARING_REBALANCE -> rebalance.completeJoinIfAllJoined(nowMs, effects);
            case EMPTY, DEAD -> throw new IllegalStateException("A static member cannot be known to a group in state "
                    + generation.state());
        }
        return GroupOutcome.parked(newMemberId, effects.effects());
    }

    /**
     * The answer that lets the new incarnation carry on in the current generation. A client that can skip
     * the assignment (KIP-814) learns whether it leads; an older one is told the old leader ID, so that a
     * restarted leader does not compute an assignment that a stable group would never pass on.
     */
    private JoinResult keepGeneration(JoinRequest request, GroupMember member, String leaderBefore) {
        boolean leader = roster.isLeader(member.memberId());
        return request.supportsSkippingAssignment()
                ? generation.joinResult(member, leader, leader)
                : new JoinResult(member.memberId(), generation.generationId(), generation.protocolType(),
                        generation.protocolName(), leaderBefore, false, List.of());
    }

    private void fence(GroupMember old, GroupEffects.Collector effects) {
        HexalogException fenced = new FencedInstanceIdException("Instance "
                + old.groupInstanceId().orElse("") + " rejoined under a new member ID");
        if (old.isAwaitingJoin()) {
            effects.joinFailed(old.memberId(), fenced);
        }
        if (old.isAwaitingSync()) {
            effects.syncFailed(old.memberId(), fenced);
        }
    }
}
