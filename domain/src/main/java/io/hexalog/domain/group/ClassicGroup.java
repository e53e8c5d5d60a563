package io.hexalog.domain.group;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.InconsistentGroupProtocolException;
import io.hexalog.domain.error.MemberIdRequiredException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A consumer group under the classic protocol (JoinGroup / SyncGroup / Heartbeat / LeaveGroup), following
 * Kafka's coordinator request for request. Every operation is deterministic: it is given the time, changes
 * the group, and returns what happened ({@link GroupOutcome}, {@link GroupEffects}): answers owed to parked
 * requests and timers to arm. The caller serialises operations on one group.
 *
 * @see GroupState for what each state does with each request
 */
public final class ClassicGroup {

    private static final byte[] NO_ASSIGNMENT = new byte[0];

    private final GroupId groupId;
    private final GroupConfig config;
    private final GroupRoster roster = new GroupRoster();
    private GroupState state = GroupState.EMPTY;
    private GroupState previousState = GroupState.DEAD;
    private long stateTimestampMs;
    private int generationId;
    private Optional<String> protocolType = Optional.empty();
    private Optional<String> protocolName = Optional.empty();
    private Optional<Set<String>> subscribedTopics = Optional.empty();
    private final JoinPhaseTimer joinPhase = new JoinPhaseTimer();
    private long syncDeadlineMs;

    public ClassicGroup(GroupId groupId, GroupConfig config, long nowMs) {
        this.groupId = groupId;
        this.config = config;
        this.stateTimestampMs = nowMs;
    }

    // ---- JoinGroup ------------------------------------------------------------------------------------

    /**
     * A member joins. A new member gets its ID here; a new dynamic member asked to come back with it
     * (v4+) gets MEMBER_ID_REQUIRED; otherwise the request is answered now or parked until the join
     * phase completes.
     *
     * @param freshId randomness for a new member's ID
     */
    public GroupOutcome<JoinResult> join(JoinRequest request, long nowMs, UUID freshId) {
        try {
            config.checkSessionTimeout(request.sessionTimeoutMs());
        } catch (HexalogException e) {
            return GroupOutcome.failed(request.memberId(), e);
        }
        GroupEffects.Collector effects = new GroupEffects.Collector();
        if (request.isUnknownMember()) {
            return joinNewMember(request, nowMs, freshId, effects);
        }
        return joinKnownMember(request, nowMs, effects);
    }

    private GroupOutcome<JoinResult> joinNewMember(JoinRequest request, long nowMs, UUID freshId,
                                                   GroupEffects.Collector effects) {
        Optional<HexalogException> refusal = refuseJoin(request);
        if (refusal.isPresent()) {
            return GroupOutcome.failed(GroupMember.UNKNOWN_MEMBER_ID, refusal.get());
        }
        String newMemberId = request.groupInstanceId().orElse(request.clientId()) + "-" + freshId;
        if (request.groupInstanceId().isPresent()) {
            Optional<String> existing = roster.staticMemberId(request.groupInstanceId().get());
            if (existing.isPresent()) {
                return replaceStaticMember(request, roster.get(existing.get()), newMemberId, nowMs, effects);
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
        Optional<HexalogException> refusal = refuseJoin(request);
        if (refusal.isPresent()) {
            return GroupOutcome.failed(memberId, refusal.get());
        }
        if (roster.isPending(memberId)) {
            return addMember(request, memberId, nowMs, effects);
        }
        GroupMember member;
        try {
            member = roster.validate(memberId, request.groupInstanceId());
        } catch (HexalogException e) {
            return GroupOutcome.failed(memberId, e);
        }
        return switch (state) {
            case PREPARING_REBALANCE -> updateMember(member, request, nowMs, effects);
            case COMPLETING_REBALANCE -> member.matches(request.protocols())
                    // It lost the answer to its JoinGroup: tell it again.
                    ? GroupOutcome.replied(memberId, currentGeneration(member, roster.isLeader(memberId), false),
                            GroupEffects.NONE)
                    : updateMember(member, request, nowMs, effects);
            case STABLE -> roster.isLeader(memberId) || !member.matches(request.protocols())
                    // A rejoining leader may have seen metadata change that members' metadata does not show.
                    ? updateMember(member, request, nowMs, effects)
                    : GroupOutcome.replied(memberId, currentGeneration(member, false, false), GroupEffects.NONE);
            case EMPTY, DEAD -> GroupOutcome.failed(memberId,
                    new UnknownMemberIdException("Group " + groupId + " has no member " + memberId));
        };
    }

    private Optional<HexalogException> refuseJoin(JoinRequest request) {
        if (state == GroupState.DEAD) {
            return Optional.of(new CoordinatorNotAvailableException("Group " + groupId + " is being removed"));
        }
        if (!supportsProtocols(request)) {
            return Optional.of(new InconsistentGroupProtocolException("Protocol type " + request.protocolType()
                    + " with " + request.protocols() + " does not match group " + groupId));
        }
        return Optional.empty();
    }

    private boolean supportsProtocols(JoinRequest request) {
        if (state == GroupState.EMPTY) {
            return !request.protocolType().isEmpty() && !request.protocols().isEmpty();
        }
        return protocolType.filter(request.protocolType()::equals).isPresent()
                && roster.supportsAny(request.protocols());
    }

    private GroupOutcome<JoinResult> addMember(JoinRequest request, String memberId, long nowMs,
                                               GroupEffects.Collector effects) {
        GroupMember member = new GroupMember(memberId, request);
        member.isNew(true);
        member.awaitingJoin(true);
        if (state == GroupState.PREPARING_REBALANCE && previousState == GroupState.EMPTY) {
            joinPhase.newMemberAdded();
        }
        if (roster.isEmpty()) {
            protocolType = Optional.of(request.protocolType());
        }
        roster.add(member);
        // A new member cannot heartbeat while its first JoinGroup is parked; it gets longer (KIP-394).
        armSession(member, nowMs + config.newMemberJoinTimeoutMs(), effects);
        rebalanceOrCompleteJoin(nowMs, effects);
        return GroupOutcome.parked(memberId, effects.effects());
    }

    private GroupOutcome<JoinResult> updateMember(GroupMember member, JoinRequest request, long nowMs,
                                                  GroupEffects.Collector effects) {
        member.update(request);
        member.awaitingJoin(true);
        rebalanceOrCompleteJoin(nowMs, effects);
        return GroupOutcome.parked(member.memberId(), effects.effects());
    }

    /**
     * A static member restarted and joins without its member ID: its new incarnation takes the old one's
     * place, assignment included, and the old incarnation is fenced. In a stable group whose protocol does
     * not change this needs no rebalance.
     */
    private GroupOutcome<JoinResult> replaceStaticMember(JoinRequest request, GroupMember old, String newMemberId,
                                                         long nowMs, GroupEffects.Collector effects) {
        String leaderBefore = roster.leaderId().orElse("");
        fence(old, effects);
        effects.cancel(new GroupTimer.MemberSession(old.memberId()));
        GroupMember member = roster.replaceStatic(old, newMemberId);
        armSession(member, nowMs + request.sessionTimeoutMs(), effects);
        member.update(request);
        member.awaitingJoin(true);
        switch (state) {
            case STABLE -> {
                if (protocolName.orElse("").equals(roster.selectProtocol())) {
                    member.awaitingJoin(false);
                    boolean leader = roster.isLeader(newMemberId);
                    JoinResult result = request.supportsSkippingAssignment()
                            ? currentGeneration(member, leader, leader)
                            : new JoinResult(newMemberId, generationId, protocolType, protocolName, leaderBefore,
                                    false, List.of());
                    return GroupOutcome.replied(newMemberId, result, effects.effects());
                }
                rebalanceOrCompleteJoin(nowMs, effects);
            }
            // The leader may already be computing an assignment that names the old member ID.
            case COMPLETING_REBALANCE -> prepareRebalance(nowMs, effects);
            case PREPARING_REBALANCE -> completeJoinIfAllJoined(nowMs, effects);
            case EMPTY, DEAD -> throw new IllegalStateException("A static member cannot be known to a group in state " + state);
        }
        return GroupOutcome.parked(newMemberId, effects.effects());
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

    private JoinResult currentGeneration(GroupMember member, boolean withMembers, boolean skipAssignment) {
        return new JoinResult(member.memberId(), generationId, protocolType, protocolName,
                roster.leaderId().orElse(""), skipAssignment,
                withMembers ? roster.joinedMembers(protocolName.orElseThrow()) : List.of());
    }

    // ---- the join phase ---------------------------------------------------------------------------------

    private void rebalanceOrCompleteJoin(long nowMs, GroupEffects.Collector effects) {
        if (GroupState.PREPARING_REBALANCE.validPreviousStates().contains(state)) {
            prepareRebalance(nowMs, effects);
        } else {
            completeJoinIfAllJoined(nowMs, effects);
        }
    }

    private void completeJoinIfAllJoined(long nowMs, GroupEffects.Collector effects) {
        // The first rebalance of an empty group always waits out group.initial.rebalance.delay.ms.
        if (state == GroupState.PREPARING_REBALANCE && previousState != GroupState.EMPTY && roster.allMembersJoined()) {
            completeJoin(nowMs, effects);
        }
    }

    private void prepareRebalance(long nowMs, GroupEffects.Collector effects) {
        if (state == GroupState.COMPLETING_REBALANCE) {
            roster.all().forEach(member -> member.assign(NO_ASSIGNMENT));
            propagateAssignment(Optional.of(new RebalanceInProgressException("Group " + groupId + " is rebalancing")),
                    nowMs, effects);
        }
        roster.clearPendingSync();
        effects.cancel(new GroupTimer.SyncPhase());
        boolean initial = state == GroupState.EMPTY;
        transitionTo(GroupState.PREPARING_REBALANCE, nowMs);
        if (initial) {
            int delayMs = config.initialRebalanceDelayMs();
            joinPhase.startInitial(delayMs, Math.max(roster.rebalanceTimeoutMs() - delayMs, 0));
            armJoinPhase(nowMs + delayMs, effects);
        } else if (roster.allMembersJoined()) {
            completeJoin(nowMs, effects);
        } else {
            armJoinPhase(nowMs + roster.rebalanceTimeoutMs(), effects);
        }
    }

    private void armJoinPhase(long deadlineMs, GroupEffects.Collector effects) {
        joinPhase.deadline(deadlineMs);
        effects.arm(new GroupTimer.JoinPhase(), deadlineMs);
    }

    private void onJoinPhaseTimer(long nowMs, GroupEffects.Collector effects) {
        if (state != GroupState.PREPARING_REBALANCE) {
            return;
        }
        if (nowMs < joinPhase.deadlineMs()) {
            effects.arm(new GroupTimer.JoinPhase(), joinPhase.deadlineMs());
        } else if (previousState == GroupState.EMPTY && joinPhase.shouldExtend()) {
            armJoinPhase(nowMs + joinPhase.extend(config.initialRebalanceDelayMs()), effects);
        } else {
            completeJoin(nowMs, effects);
        }
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are dropped, and the next generation starts
     * with the rest, the leader receiving everyone's metadata.
     */
    private void completeJoin(long nowMs, GroupEffects.Collector effects) {
        effects.cancel(new GroupTimer.JoinPhase());
        for (GroupMember member : roster.notYetRejoined()) {
            if (!member.isStatic()) {
                effects.cancel(new GroupTimer.MemberSession(member.memberId()));
                roster.remove(member.memberId());
            }
        }
        if (state == GroupState.DEAD) {
            return;
        }
        if (!roster.electJoinedLeader() && !roster.isEmpty()) {
            // Nobody rejoined: wait for the sessions of the silent members to run out.
            armJoinPhase(nowMs + roster.rebalanceTimeoutMs(), effects);
            return;
        }
        initNextGeneration(nowMs);
        if (state == GroupState.EMPTY) {
            return;
        }
        for (GroupMember member : roster.all()) {
            if (member.isAwaitingJoin()) {
                effects.join(member.memberId(), currentGeneration(member, roster.isLeader(member.memberId()), false));
            }
            member.awaitingJoin(false);
            member.isNew(false);
            armSession(member, nowMs + member.sessionTimeoutMs(), effects);
        }
        roster.expectSyncFromAll();
        syncDeadlineMs = nowMs + roster.rebalanceTimeoutMs();
        effects.arm(new GroupTimer.SyncPhase(), syncDeadlineMs);
    }

    private void initNextGeneration(long nowMs) {
        generationId++;
        if (roster.isEmpty()) {
            protocolName = Optional.empty();
            subscribedTopics = computeSubscribedTopics();
            transitionTo(GroupState.EMPTY, nowMs);
        } else {
            protocolName = Optional.of(roster.selectProtocol());
            subscribedTopics = computeSubscribedTopics();
            transitionTo(GroupState.COMPLETING_REBALANCE, nowMs);
        }
        roster.clearPendingSync();
    }

    // ---- SyncGroup --------------------------------------------------------------------------------------

    /** A member asks for its assignment; the leader's request brings everyone's and makes the group stable. */
    public GroupOutcome<SyncResult> sync(SyncRequest request, long nowMs) {
        String memberId = request.memberId();
        if (state == GroupState.EMPTY) {
            return GroupOutcome.failed(memberId, new UnknownMemberIdException("Group " + groupId + " has no members"));
        }
        if (state == GroupState.DEAD) {
            return GroupOutcome.failed(memberId, new CoordinatorNotAvailableException("Group " + groupId + " is being removed"));
        }
        GroupMember member;
        try {
            member = roster.validate(memberId, request.groupInstanceId());
            checkGeneration(request.generationId());
        } catch (HexalogException e) {
            return GroupOutcome.failed(memberId, e);
        }
        if (inconsistent(request.protocolType(), protocolType) || inconsistent(request.protocolName(), protocolName)) {
            return GroupOutcome.failed(memberId, new InconsistentGroupProtocolException("Protocol "
                    + request.protocolType().orElse("") + "/" + request.protocolName().orElse("")
                    + " is not the group's " + protocolType.orElse("") + "/" + protocolName.orElse("")));
        }
        GroupEffects.Collector effects = new GroupEffects.Collector();
        switch (state) {
            case PREPARING_REBALANCE -> {
                return GroupOutcome.failed(memberId, new RebalanceInProgressException("Group " + groupId + " is rebalancing"));
            }
            case COMPLETING_REBALANCE -> {
                member.awaitingSync(true);
                syncReceived(memberId, effects);
                if (roster.isLeader(memberId)) {
                    Map<String, byte[]> assignments = new HashMap<>(request.assignments());
                    roster.all().forEach(each -> each.assign(assignments.getOrDefault(each.memberId(), NO_ASSIGNMENT)));
                    propagateAssignment(Optional.empty(), nowMs, effects);
                    transitionTo(GroupState.STABLE, nowMs);
                }
                return GroupOutcome.parked(memberId, effects.effects());
            }
            default -> {
                syncReceived(memberId, effects);
                return GroupOutcome.replied(memberId, new SyncResult(protocolType, protocolName, member.assignment()),
                        effects.effects());
            }
        }
    }

    private static boolean inconsistent(Optional<String> requested, Optional<String> actual) {
        return requested.isPresent() && !requested.equals(actual);
    }

    private void syncReceived(String memberId, GroupEffects.Collector effects) {
        if (roster.syncReceived(memberId)) {
            effects.cancel(new GroupTimer.SyncPhase());
        }
    }

    private void propagateAssignment(Optional<HexalogException> error, long nowMs, GroupEffects.Collector effects) {
        for (GroupMember member : roster.all()) {
            if (member.isAwaitingSync()) {
                member.awaitingSync(false);
                if (error.isPresent()) {
                    effects.syncFailed(member.memberId(), error.get());
                } else {
                    effects.sync(member.memberId(), new SyncResult(protocolType, protocolName, member.assignment()));
                }
                armSession(member, nowMs + member.sessionTimeoutMs(), effects);
            }
        }
    }

    private void onSyncPhaseTimer(long nowMs, GroupEffects.Collector effects) {
        if (state != GroupState.COMPLETING_REBALANCE && state != GroupState.STABLE) {
            return;
        }
        if (nowMs < syncDeadlineMs) {
            effects.arm(new GroupTimer.SyncPhase(), syncDeadlineMs);
            return;
        }
        Set<String> silent = roster.notYetSynced();
        if (!silent.isEmpty()) {
            silent.forEach(memberId -> removeMember(roster.get(memberId), effects));
            prepareRebalance(nowMs, effects);
        }
    }

    // ---- Heartbeat and LeaveGroup -----------------------------------------------------------------------

    /** A member says it is alive; answered with the state the group is in. */
    public GroupOutcome<GroupState> heartbeat(MemberIdentity identity, int generation, long nowMs) {
        String memberId = identity.memberId();
        if (state == GroupState.DEAD) {
            return GroupOutcome.failed(memberId, new CoordinatorNotAvailableException("Group " + groupId + " is being removed"));
        }
        GroupMember member;
        try {
            member = roster.validate(memberId, identity.groupInstanceId());
            checkGeneration(generation);
        } catch (HexalogException e) {
            return GroupOutcome.failed(memberId, e);
        }
        GroupEffects.Collector effects = new GroupEffects.Collector();
        armSession(member, nowMs + member.sessionTimeoutMs(), effects);
        if (state == GroupState.PREPARING_REBALANCE) {
            return GroupOutcome.failed(memberId, new RebalanceInProgressException("Group " + groupId
                    + " is rebalancing; rejoin"), effects.effects());
        }
        return GroupOutcome.replied(memberId, state, effects.effects());
    }

    /**
     * Members leave; each is named by member ID, or a static member by instance ID alone. The group
     * rebalances without them.
     */
    public GroupOutcome<List<LeaveResult>> leave(List<MemberIdentity> leaving, long nowMs) {
        if (state == GroupState.DEAD) {
            return GroupOutcome.failed(GroupMember.UNKNOWN_MEMBER_ID,
                    new CoordinatorNotAvailableException("Group " + groupId + " is being removed"));
        }
        GroupEffects.Collector effects = new GroupEffects.Collector();
        List<LeaveResult> results = new ArrayList<>();
        for (MemberIdentity identity : leaving) {
            results.add(leaveOne(identity, effects));
        }
        if (results.stream().anyMatch(result -> result.error().isEmpty())) {
            switch (state) {
                case STABLE, COMPLETING_REBALANCE -> rebalanceOrCompleteJoin(nowMs, effects);
                case PREPARING_REBALANCE -> completeJoinIfAllJoined(nowMs, effects);
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
            removeMember(roster.get(staticMember.get()), effects);
            return LeaveResult.left(identity);
        }
        if (roster.isPending(identity.memberId())) {
            roster.remove(identity.memberId());
            effects.cancel(new GroupTimer.MemberSession(identity.memberId()));
            return LeaveResult.left(identity);
        }
        try {
            removeMember(roster.validate(identity.memberId(), identity.groupInstanceId()), effects);
            return LeaveResult.left(identity);
        } catch (HexalogException e) {
            return LeaveResult.failed(identity, e);
        }
    }

    /** Takes a member out, answering its parked requests with UNKNOWN_MEMBER_ID so that it rejoins if alive. */
    private void removeMember(GroupMember member, GroupEffects.Collector effects) {
        effects.cancel(new GroupTimer.MemberSession(member.memberId()));
        UnknownMemberIdException removed = new UnknownMemberIdException("Member " + member.memberId()
                + " was removed from group " + groupId);
        if (member.isAwaitingJoin()) {
            effects.joinFailed(member.memberId(), removed);
        }
        if (member.isAwaitingSync()) {
            effects.syncFailed(member.memberId(), removed);
        }
        roster.remove(member.memberId());
    }

    // ---- sessions and timers ----------------------------------------------------------------------------

    private void armSession(GroupMember member, long deadlineMs, GroupEffects.Collector effects) {
        member.sessionDeadlineMs(deadlineMs);
        effects.arm(new GroupTimer.MemberSession(member.memberId()), deadlineMs);
    }

    /**
     * A timer the group asked for has fired. A timer that fires early, or for a deadline that has since
     * moved, is armed again; one that no longer applies does nothing.
     */
    public GroupEffects onTimer(GroupTimer timer, long nowMs) {
        GroupEffects.Collector effects = new GroupEffects.Collector();
        if (timer instanceof GroupTimer.MemberSession session) {
            onSessionTimer(session.memberId(), nowMs, effects);
        } else if (timer instanceof GroupTimer.JoinPhase) {
            onJoinPhaseTimer(nowMs, effects);
        } else if (timer instanceof GroupTimer.SyncPhase) {
            onSyncPhaseTimer(nowMs, effects);
        }
        return effects.effects();
    }

    private void onSessionTimer(String memberId, long nowMs, GroupEffects.Collector effects) {
        if (state == GroupState.DEAD) {
            return;
        }
        if (roster.isPending(memberId)) {
            if (nowMs < roster.pendingDeadline(memberId)) {
                effects.arm(new GroupTimer.MemberSession(memberId), roster.pendingDeadline(memberId));
                return;
            }
            roster.remove(memberId);
            if (state == GroupState.PREPARING_REBALANCE && roster.allMembersJoined()) {
                completeJoin(nowMs, effects);
            }
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
        removeMember(member, effects);
        if (state == GroupState.STABLE || state == GroupState.COMPLETING_REBALANCE) {
            rebalanceOrCompleteJoin(nowMs, effects);
        } else if (state == GroupState.PREPARING_REBALANCE && roster.allMembersJoined()) {
            completeJoin(nowMs, effects);
        }
    }

    // ---- offsets and administration ---------------------------------------------------------------------

    /**
     * Checks that an OffsetCommit may write for this group. Without member and generation (generation -1,
     * as the admin client and consumers that assign partitions themselves send) only an empty group
     * accepts it.
     */
    public void checkOffsetCommit(String memberId, Optional<String> groupInstanceId, int generation) {
        if (state == GroupState.DEAD) {
            throw new CoordinatorNotAvailableException("Group " + groupId + " is being removed");
        }
        if (generation < 0 && state == GroupState.EMPTY) {
            return;
        }
        if (generation >= 0 || !memberId.isEmpty() || groupInstanceId.isPresent()) {
            roster.validate(memberId, groupInstanceId);
            checkGeneration(generation);
        } else if (state != GroupState.EMPTY) {
            throw new UnknownMemberIdException("Group " + groupId + " has members: commit as one of them");
        }
        if (state == GroupState.COMPLETING_REBALANCE) {
            throw new RebalanceInProgressException("Group " + groupId + " is completing a rebalance");
        }
    }

    /** Checks that OffsetDelete may remove offsets of this group; see {@link #isSubscribedTo}. */
    public void checkOffsetDelete() {
        if (state == GroupState.DEAD) {
            throw new GroupIdNotFoundException("Group " + groupId + " does not exist");
        }
        if (state != GroupState.EMPTY && !usesConsumerProtocol()) {
            throw new NonEmptyGroupException("Group " + groupId + " is not empty");
        }
    }

    /**
     * Whether a member subscribes to the topic, so that its offsets must stay. A consumer group whose
     * subscriptions cannot be read is taken to subscribe to everything.
     */
    public boolean isSubscribedTo(String topic) {
        return subscribedTopics.map(topics -> topics.contains(topic)).orElse(usesConsumerProtocol());
    }

    private boolean usesConsumerProtocol() {
        return protocolType.filter(ConsumerSubscription.CONSUMER_PROTOCOL_TYPE::equals).isPresent();
    }

    private Optional<Set<String>> computeSubscribedTopics() {
        if (!usesConsumerProtocol()) {
            return Optional.empty();
        }
        if (roster.isEmpty()) {
            return Optional.of(Set.of());
        }
        if (protocolName.isEmpty()) {
            return Optional.empty();
        }
        Set<String> topics = new HashSet<>();
        for (GroupMember member : roster.all()) {
            Optional<Set<String>> subscribed = ConsumerSubscription.topics(member.metadata(protocolName.get()));
            if (subscribed.isEmpty()) {
                return Optional.empty();
            }
            topics.addAll(subscribed.get());
        }
        return Optional.of(topics);
    }

    /**
     * Deletes the group (DeleteGroups, or expiry of its last offset).
     *
     * @throws GroupIdNotFoundException if it is already dead
     * @throws NonEmptyGroupException   if it has members
     */
    public void delete(long nowMs) {
        if (state == GroupState.DEAD) {
            throw new GroupIdNotFoundException("Group " + groupId + " does not exist");
        }
        if (state != GroupState.EMPTY) {
            throw new NonEmptyGroupException("Group " + groupId + " has members and cannot be deleted");
        }
        transitionTo(GroupState.DEAD, nowMs);
    }

    private void checkGeneration(int generation) {
        if (generation != generationId) {
            throw new IllegalGenerationException("Generation " + generation + " is not the current generation "
                    + generationId + " of group " + groupId);
        }
    }

    private void transitionTo(GroupState target, long nowMs) {
        if (!target.validPreviousStates().contains(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot go from " + state + " to " + target);
        }
        previousState = state;
        state = target;
        stateTimestampMs = nowMs;
    }

    // ---- queries ----------------------------------------------------------------------------------------

    public GroupId groupId() {
        return groupId;
    }

    public GroupState state() {
        return state;
    }

    /** When the group entered its current state. */
    public long stateTimestampMs() {
        return stateTimestampMs;
    }

    public int generationId() {
        return generationId;
    }

    public Optional<String> protocolType() {
        return protocolType;
    }

    public Optional<String> protocolName() {
        return protocolName;
    }

    public Optional<String> leaderId() {
        return roster.leaderId();
    }

    public List<GroupMember> members() {
        return List.copyOf(roster.all());
    }

    public GroupDescription describe() {
        boolean stable = state == GroupState.STABLE;
        List<GroupDescription.Member> members = roster.all().stream().map(member -> new GroupDescription.Member(
                member.memberId(), member.groupInstanceId(), member.clientId(), member.clientHost(),
                stable ? member.metadata(protocolName.orElseThrow()) : NO_ASSIGNMENT,
                stable ? member.assignment() : NO_ASSIGNMENT)).toList();
        return new GroupDescription(groupId, state, protocolType.orElse(""),
                stable ? protocolName.orElse("") : "", members);
    }

    @Override
    public String toString() {
        return "Group " + groupId + " " + state + " generation " + generationId + " members " + roster.all();
    }
}
