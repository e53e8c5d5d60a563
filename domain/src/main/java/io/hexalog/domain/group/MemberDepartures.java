package io.hexalog.domain.group;

import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.policy.Decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How members leave a group: by LeaveGroup, when their session runs out, or when they send no SyncGroup in
 * time. Their parked requests are answered with UNKNOWN_MEMBER_ID, so that they rejoin if alive, and the
 * members that stay rebalance.
 */
final class MemberDepartures {

    private final GroupGeneration generation;
    private final GroupRoster roster;
    private final Rebalance rebalance;
    private final AssignmentDistribution assignments;

    MemberDepartures(GroupGeneration generation, GroupRoster roster, Rebalance rebalance,
                     AssignmentDistribution assignments) {
        this.generation = generation;
        this.roster = roster;
        this.rebalance = rebalance;
        this.assignments = assignments;
    }

    /** See {@link ClassicGroup#leave}. */
    GroupOutcome<List<LeaveResult>> leave(List<MemberIdentity> leaving, long nowMs) {
        if (generation.is(GroupState.DEAD)) {
            return GroupOutcome.failed(GroupMember.UNKNOWN_MEMBER_ID, generation.beingRemoved());
        }
        GroupEffects.Collector effects = new GroupEffects.Collector();
        List<LeaveResult> results = new ArrayList<>();
        for (MemberIdentity identity : leaving) {
            results.add(leaveOne(identity, effects));
        }
        if (results.stream().anyMatch(result -> result.error().isEmpty())) {
            switch (generation.state()) {
                case STABLE, COMPLETING_REBALANCE -> rebalance.rebalanceOrCompleteJoin(nowMs, effects);
                case PREPARING_REBALANCE -> rebalance.completeJoinIfAllJoined(nowMs, effects);
                default -> {
                }
            }
        }
        return GroupOutcome.replied(GroupMember.UNKNOWN_MEMBER_ID, results, effects.effects());
    }

    private LeaveResult leaveOne(MemberIdentity identity, GroupEffects.Collector effects) {
        if (identity.memberId().equals(GroupMember.UNKNOWN_MEMBER_ID)) {
            Optional<String> staticMember = identity.groupInstanceId().flatMap(roster::staticMemberId);
            if (staticMember.isEmpty()) {
                return LeaveResult.failed(identity, new UnknownMemberIdException("No static member has instance ID "
                        + identity.groupInstanceId().orElse("(none)")));
            }
            remove(roster.get(staticMember.get()), effects);
            return LeaveResult.left(identity);
        }
        if (roster.isPending(identity.memberId())) {
            roster.remove(identity.memberId());
            effects.cancel(new GroupTimer.MemberSession(identity.memberId()));
            return LeaveResult.left(identity);
        }
        if (roster.checkMember(identity.memberId(), identity.groupInstanceId()) instanceof Decision.Rejected rejected) {
            return LeaveResult.failed(identity, rejected.error());
        }
        remove(roster.get(identity.memberId()), effects);
        return LeaveResult.left(identity);
    }

    /** A member's session timer fired; a member (or pending member) silent past its deadline is removed. */
    GroupEffects onSessionTimer(String memberId, long nowMs) {
        GroupEffects.Collector effects = new GroupEffects.Collector();
        expireSession(memberId, nowMs, effects);
        return effects.effects();
    }

    private void expireSession(String memberId, long nowMs, GroupEffects.Collector effects) {
        if (generation.is(GroupState.DEAD)) {
            return;
        }
        if (roster.isPending(memberId)) {
            if (nowMs < roster.pendingDeadline(memberId)) {
                effects.arm(new GroupTimer.MemberSession(memberId), roster.pendingDeadline(memberId));
                return;
            }
            roster.remove(memberId);
            completeJoinIfNoneAwaited(nowMs, effects);
            return;
        }
        Optional<GroupMember> found = roster.member(memberId);
        if (found.isEmpty()) {
            return;
        }
        GroupMember member = found.get();
        if (nowMs < member.sessionDeadlineMs()) {
            effects.arm(new GroupTimer.MemberSession(memberId), member.sessionDeadlineMs());
            return;
        }
        if (member.hasSatisfiedHeartbeat()) {
            return;
        }
        remove(member, effects);
        if (generation.is(GroupState.STABLE) || generation.is(GroupState.COMPLETING_REBALANCE)) {
            rebalance.rebalanceOrCompleteJoin(nowMs, effects);
        } else {
            completeJoinIfNoneAwaited(nowMs, effects);
        }
    }

    /** The sync phase timer fired: members of the new generation that sent no SyncGroup are removed. */
    GroupEffects onSyncDeadline(long nowMs) {
        GroupEffects.Collector effects = new GroupEffects.Collector();
        removeSilentMembers(nowMs, effects);
        return effects.effects();
    }

    private void removeSilentMembers(long nowMs, GroupEffects.Collector effects) {
        if (!generation.is(GroupState.COMPLETING_REBALANCE) && !generation.is(GroupState.STABLE)) {
            return;
        }
        if (nowMs < assignments.deadlineMs()) {
            effects.arm(new GroupTimer.SyncPhase(), assignments.deadlineMs());
            return;
        }
        Set<String> silent = roster.notYetSynced();
        if (!silent.isEmpty()) {
            silent.forEach(memberId -> remove(roster.get(memberId), effects));
            rebalance.prepare(nowMs, effects);
        }
    }

    /**
     * The join phase was waiting only for the expired member: it ends now, even within the initial delay,
     * unlike {@link Rebalance#completeJoinIfAllJoined}.
     */
    private void completeJoinIfNoneAwaited(long nowMs, GroupEffects.Collector effects) {
        if (generation.is(GroupState.PREPARING_REBALANCE) && roster.allMembersJoined()) {
            rebalance.completeJoin(nowMs, effects);
        }
    }

    /** Takes a member out, answering its parked requests with UNKNOWN_MEMBER_ID so that it rejoins if alive. */
    private void remove(GroupMember member, GroupEffects.Collector effects) {
        effects.cancel(new GroupTimer.MemberSession(member.memberId()));
        UnknownMemberIdException removed = new UnknownMemberIdException("Member " + member.memberId()
                + " was removed from group " + generation.groupId());
        if (member.isAwaitingJoin()) {
            effects.joinFailed(member.memberId(), removed);
        }
        if (member.isAwaitingSync()) {
            effects.syncFailed(member.memberId(), removed);
        }
        roster.remove(member.memberId());
    }
}
