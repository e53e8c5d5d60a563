package io.hexalog.domain.group;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InconsistentGroupProtocolException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.policy.Decision;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sync phase of a rebalance: members' SyncGroup requests wait until the leader's brings the
 * assignments, then every member receives its own and the group is stable. Members that have not asked by
 * the deadline are removed by {@link MemberDepartures}.
 */
final class AssignmentDistribution {

    private final GroupGeneration generation;
    private final GroupRoster roster;
    private final MemberSessions sessions;
    private long deadlineMs;

    AssignmentDistribution(GroupGeneration generation, GroupRoster roster, MemberSessions sessions) {
        this.generation = generation;
        this.roster = roster;
        this.sessions = sessions;
    }

    /** See {@link ClassicGroup#sync}. */
    GroupOutcome<SyncResult> sync(SyncRequest request, long nowMs) {
        String memberId = request.memberId();
        if (generation.is(GroupState.EMPTY)) {
            return GroupOutcome.failed(memberId, new UnknownMemberIdException("Group " + generation.groupId()
                    + " has no members"));
        }
        if (generation.is(GroupState.DEAD)) {
            return GroupOutcome.failed(memberId, generation.beingRemoved());
        }
        Decision admitted = roster.checkMember(memberId, request.groupInstanceId())
                .andThen(() -> generation.checkGeneration(request.generationId()));
        if (admitted instanceof Decision.Rejected rejected) {
            return GroupOutcome.failed(memberId, rejected.error());
        }
        GroupMember member = roster.get(memberId);
        Optional<String> protocolType = generation.protocolType();
        Optional<String> protocolName = generation.protocolName();
        if (inconsistent(request.protocolType(), protocolType) || inconsistent(request.protocolName(), protocolName)) {
            return GroupOutcome.failed(memberId, new InconsistentGroupProtocolException("Protocol "
                    + request.protocolType().orElse("") + "/" + request.protocolName().orElse("")
                    + " is not the group's " + protocolType.orElse("") + "/" + protocolName.orElse("")));
        }
        GroupEffects.Collector effects = new GroupEffects.Collector();
        switch (generation.state()) {
            case PREPARING_REBALANCE -> {
                return GroupOutcome.failed(memberId, rebalancing());
            }
            case COMPLETING_REBALANCE -> {
                member.awaitingSync(true);
                syncReceived(memberId, effects);
                if (roster.isLeader(memberId)) {
                    Map<String, byte[]> assignments = new HashMap<>(request.assignments());
                    roster.all().forEach(each -> each.assign(assignments.getOrDefault(each.memberId(),
                            GroupMember.NO_ASSIGNMENT)));
                    propagate(Optional.empty(), nowMs, effects);
                    generation.transitionTo(GroupState.STABLE, nowMs);
                }
                return GroupOutcome.parked(memberId, effects.effects());
            }
            default -> {
                syncReceived(memberId, effects);
                return GroupOutcome.replied(memberId, generation.syncResult(member), effects.effects());
            }
        }
    }

    /** The next generation has started: every member is to send SyncGroup within the rebalance timeout. */
    void start(long nowMs, GroupEffects.Collector effects) {
        roster.expectSyncFromAll();
        deadlineMs = nowMs + roster.rebalanceTimeoutMs();
        effects.arm(new GroupTimer.SyncPhase(), deadlineMs);
    }

    /**
     * A rebalance starts: the generation being synced will not become stable, so its parked SyncGroups
     * get REBALANCE_IN_PROGRESS and the assignments the leader is computing are void.
     */
    void abandon(long nowMs, GroupEffects.Collector effects) {
        if (generation.is(GroupState.COMPLETING_REBALANCE)) {
            roster.all().forEach(member -> member.assign(GroupMember.NO_ASSIGNMENT));
            propagate(Optional.of(rebalancing()), nowMs, effects);
        }
        roster.clearPendingSync();
        effects.cancel(new GroupTimer.SyncPhase());
    }

    /** When members that have not sent SyncGroup are removed. */
    long deadlineMs() {
        return deadlineMs;
    }

    private RebalanceInProgressException rebalancing() {
        return new RebalanceInProgressException("Group " + generation.groupId() + " is rebalancing");
    }

    private static boolean inconsistent(Optional<String> requested, Optional<String> actual) {
        return requested.isPresent() && !requested.equals(actual);
    }

    private void syncReceived(String memberId, GroupEffects.Collector effects) {
        if (roster.syncReceived(memberId)) {
            effects.cancel(new GroupTimer.SyncPhase());
        }
    }

    /** Answers every parked SyncGroup, with the member's assignment or with the error. */
    private void propagate(Optional<HexalogException> error, long nowMs, GroupEffects.Collector effects) {
        for (GroupMember member : roster.all()) {
            if (member.isAwaitingSync()) {
                member.awaitingSync(false);
                if (error.isPresent()) {
                    effects.syncFailed(member.memberId(), error.get());
                } else {
                    effects.sync(member.memberId(), generation.syncResult(member));
                }
                sessions.arm(member, nowMs + member.sessionTimeoutMs(), effects);
            }
        }
    }
}
