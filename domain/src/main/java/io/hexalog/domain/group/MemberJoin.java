package io.hexalog.domain.group;

import io.hexalog.domain.error.InconsistentGroupProtocolException;
import io.hexalog.domain.error.MemberIdRequiredException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.policy.Decision;

import java.util.Optional;
import java.util.UUID;

/**
 * Answers JoinGroup: refuses a member whose protocols the group cannot run, admits new members, and lets
 * known members rejoin. Whether that starts or ends a rebalance is {@link Rebalance}'s decision.
 */
final class MemberJoin {

    private final GroupConfig config;
    private final GroupGeneration generation;
    private final GroupRoster roster;
    private final MemberSessions sessions;
    private final Rebalance rebalance;
    private final StaticMemberReplacement staticMembers;

    MemberJoin(GroupConfig config, GroupGeneration generation, GroupRoster roster, MemberSessions sessions,
               Rebalance rebalance) {
        this.config = config;
        this.generation = generation;
        this.roster = roster;
        this.sessions = sessions;
        this.rebalance = rebalance;
        this.staticMembers = new StaticMemberReplacement(generation, roster, sessions, rebalance);
    }

    /** See {@link ClassicGroup#join}. */
    GroupOutcome<JoinResult> join(JoinRequest request, long nowMs, UUID freshId) {
        if (config.checkSessionTimeout(request.sessionTimeoutMs()) instanceof Decision.Rejected rejected) {
            return GroupOutcome.failed(request.memberId(), rejected.error());
        }
        GroupEffects.Collector effects = new GroupEffects.Collector();
        if (request.isUnknownMember()) {
            return joinNewMember(request, nowMs, freshId, effects);
        }
        return joinKnownMember(request, nowMs, effects);
    }

    private GroupOutcome<JoinResult> joinNewMember(JoinRequest request, long nowMs, UUID freshId,
                                                   GroupEffects.Collector effects) {
        if (checkJoin(request) instanceof Decision.Rejected rejected) {
            return GroupOutcome.failed(GroupMember.UNKNOWN_MEMBER_ID, rejected.error());
        }
        String newMemberId = request.groupInstanceId().orElse(request.clientId()) + "-" + freshId;
        if (request.groupInstanceId().isPresent()) {
            Optional<String> existing = roster.staticMemberId(request.groupInstanceId().get());
            if (existing.isPresent()) {
                return staticMembers.replace(request, roster.get(existing.get()), newMemberId, nowMs, effects);
            }
            return addMember(request, newMemberId, nowMs, effects);
        }
        if (request.requireKnownMemberId()) {
            roster.addPending(newMemberId, nowMs + request.sessionTimeoutMs());
            effects.arm(new GroupTimer.MemberSession(newMemberId), nowMs + request.sessionTimeoutMs());
            return GroupOutcome.failed(newMemberId, new MemberIdRequiredException(newMemberId), effects.effects());
        }
        return addMember(request, newMemberId, nowMs, effects);
    }

    private GroupOutcome<JoinResult> joinKnownMember(JoinRequest request, long nowMs, GroupEffects.Collector effects) {
        String memberId = request.memberId();
        if (checkJoin(request) instanceof Decision.Rejected rejected) {
            return GroupOutcome.failed(memberId, rejected.error());
        }
        if (roster.isPending(memberId)) {
            return addMember(request, memberId, nowMs, effects);
        }
        if (roster.checkMember(memberId, request.groupInstanceId()) instanceof Decision.Rejected rejected) {
            return GroupOutcome.failed(memberId, rejected.error());
        }
        GroupMember member = roster.get(memberId);
        return switch (generation.state()) {
            case PREPARING_REBALANCE -> updateMember(member, request, nowMs, effects);
            case COMPLETING_REBALANCE -> member.matches(request.protocols())
                    // It lost the answer to its JoinGroup: tell it again.
                    ? GroupOutcome.replied(memberId, generation.joinResult(member, roster.isLeader(memberId), false),
                            GroupEffects.NONE)
                    : updateMember(member, request, nowMs, effects);
            case STABLE -> roster.isLeader(memberId) || !member.matches(request.protocols())
                    // A rejoining leader may have seen metadata change that members' metadata does not show.
                    ? updateMember(member, request, nowMs, effects)
                    : GroupOutcome.replied(memberId, generation.joinResult(member, false, false), GroupEffects.NONE);
            case EMPTY, DEAD -> GroupOutcome.failed(memberId,
                    new UnknownMemberIdException("Group " + generation.groupId() + " has no member " + memberId));
        };
    }

    /** A deleted group, or one whose protocols the member does not share, refuses the member. */
    private Decision checkJoin(JoinRequest request) {
        if (generation.is(GroupState.DEAD)) {
            return Decision.reject(generation.beingRemoved());
        }
        if (!supportsProtocols(request)) {
            return Decision.reject(new InconsistentGroupProtocolException("Protocol type " + request.protocolType()
                    + " with " + request.protocols() + " does not match group " + generation.groupId()));
        }
        return Decision.accept();
    }

    private boolean supportsProtocols(JoinRequest request) {
        if (generation.is(GroupState.EMPTY)) {
            return !request.protocolType().isEmpty() && !request.protocols().isEmpty();
        }
        return generation.protocolType().filter(request.protocolType()::equals).isPresent()
                && roster.supportsAny(request.protocols());
    }

    private GroupOutcome<JoinResult> addMember(JoinRequest request, String memberId, long nowMs,
                                               GroupEffects.Collector effects) {
        GroupMember member = new GroupMember(memberId, request);
        member.isNew(true);
        member.awaitingJoin(true);
        rebalance.newMemberAdded();
        if (roster.isEmpty()) {
            generation.adoptProtocolType(request.protocolType());
        }
        roster.add(member);
        // A new member cannot heartbeat while its first JoinGroup is parked; it gets longer (KIP-394).
        sessions.arm(member, nowMs + config.newMemberJoinTimeoutMs(), effects);
        rebalance.rebalanceOrCompleteJoin(nowMs, effects);
        return GroupOutcome.parked(memberId, effects.effects());
    }

    private GroupOutcome<JoinResult> updateMember(GroupMember member, JoinRequest request, long nowMs,
                                                  GroupEffects.Collector effects) {
        member.update(request);
        member.awaitingJoin(true);
        rebalance.rebalanceOrCompleteJoin(nowMs, effects);
        return GroupOutcome.parked(member.memberId(), effects.effects());
    }
}
