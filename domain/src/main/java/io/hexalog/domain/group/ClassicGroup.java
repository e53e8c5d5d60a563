package io.hexalog.domain.group;

import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A consumer group under the classic protocol (JoinGroup / SyncGroup / Heartbeat / LeaveGroup), following
 * Kafka's coordinator request for request. Every operation is deterministic: it is given the time, changes
 * the group, and returns what happened ({@link GroupOutcome}, {@link GroupEffects}): answers owed to parked
 * requests and timers to arm. The caller serialises operations on one group.
 * <p>
 * This is the aggregate root: the only way in. Each request is answered by the part of the group it
 * concerns: {@link MemberJoin}, {@link AssignmentDistribution}, {@link MemberSessions},
 * {@link MemberDepartures}; {@link Rebalance} runs the join phase they start or end, and
 * {@link GroupGeneration} holds the state they share with {@link GroupRoster}.
 *
 * @see GroupState for what each state does with each request
 */
public final class ClassicGroup {

    private final GroupRoster roster = new GroupRoster();
    private final GroupGeneration generation;
    private final MemberSessions sessions;
    private final AssignmentDistribution assignments;
    private final Rebalance rebalance;
    private final MemberJoin joins;
    private final MemberDepartures departures;

    public ClassicGroup(GroupId groupId, GroupConfig config, long nowMs) {
        this.generation = new GroupGeneration(groupId, roster, nowMs);
        this.sessions = new MemberSessions(generation, roster);
        this.assignments = new AssignmentDistribution(generation, roster, sessions);
        this.rebalance = new Rebalance(config, generation, roster, sessions, assignments);
        this.joins = new MemberJoin(config, generation, roster, sessions, rebalance);
        this.departures = new MemberDepartures(generation, roster, rebalance, assignments);
    }

    // ---- the group protocol -----------------------------------------------------------------------------

    /**
     * A member joins. A new member gets its ID here; a new dynamic member asked to come back with it
     * (v4+) gets MEMBER_ID_REQUIRED; otherwise the request is answered now or parked until the join
     * phase completes.
     *
     * @param freshId randomness for a new member's ID
     */
    public GroupOutcome<JoinResult> join(JoinRequest request, long nowMs, UUID freshId) {
        return joins.join(request, nowMs, freshId);
    }

    /** A member asks for its assignment; the leader's request brings everyone's and makes the group stable. */
    public GroupOutcome<SyncResult> sync(SyncRequest request, long nowMs) {
        return assignments.sync(request, nowMs);
    }

    /** A member says it is alive; answered with the state the group is in. */
    public GroupOutcome<GroupState> heartbeat(MemberIdentity identity, int generationId, long nowMs) {
        return sessions.heartbeat(identity, generationId, nowMs);
    }

    /**
     * Members leave; each is named by member ID, or a static member by instance ID alone. The group
     * rebalances without them.
     */
    public GroupOutcome<List<LeaveResult>> leave(List<MemberIdentity> leaving, long nowMs) {
        return departures.leave(leaving, nowMs);
    }

    /**
     * A timer the group asked for has fired. A timer that fires early, or for a deadline that has since
     * moved, is armed again; one that no longer applies does nothing.
     */
    public GroupEffects onTimer(GroupTimer timer, long nowMs) {
        GroupEffects.Collector effects = new GroupEffects.Collector();
        if (timer instanceof GroupTimer.MemberSession session) {
            departures.onSessionTimer(session.memberId(), nowMs, effects);
        } else if (timer instanceof GroupTimer.JoinPhase) {
            rebalance.onJoinPhaseTimer(nowMs, effects);
        } else if (timer instanceof GroupTimer.SyncPhase) {
            departures.onSyncDeadline(nowMs, effects);
        }
        return effects.effects();
    }

    // ---- offsets and administration ---------------------------------------------------------------------

    /**
     * Checks that an OffsetCommit may write for this group. Without member and generation (generation -1,
     * as the admin client and consumers that assign partitions themselves send) only an empty group
     * accepts it.
     */
    public void checkOffsetCommit(String memberId, Optional<String> groupInstanceId, int generationId) {
        if (generation.is(GroupState.DEAD)) {
            throw generation.beingRemoved();
        }
        if (generationId < 0 && generation.is(GroupState.EMPTY)) {
            return;
        }
        if (generationId >= 0 || !memberId.isEmpty() || groupInstanceId.isPresent()) {
            roster.validate(memberId, groupInstanceId);
            generation.checkGeneration(generationId);
        } else if (!generation.is(GroupState.EMPTY)) {
            throw new UnknownMemberIdException("Group " + groupId() + " has members: commit as one of them");
        }
        if (generation.is(GroupState.COMPLETING_REBALANCE)) {
            throw new RebalanceInProgressException("Group " + groupId() + " is completing a rebalance");
        }
    }

    /** Checks that OffsetDelete may remove offsets of this group; see {@link #isSubscribedTo}. */
    public void checkOffsetDelete() {
        if (generation.is(GroupState.DEAD)) {
            throw new GroupIdNotFoundException("Group " + groupId() + " does not exist");
        }
        if (!generation.is(GroupState.EMPTY) && !generation.usesConsumerProtocol()) {
            throw new NonEmptyGroupException("Group " + groupId() + " is not empty");
        }
    }

    /**
     * Whether a member subscribes to the topic, so that its offsets must stay. A consumer group whose
     * subscriptions cannot be read is taken to subscribe to everything.
     */
    public boolean isSubscribedTo(String topic) {
        return generation.isSubscribedTo(topic);
    }

    /**
     * Deletes the group (DeleteGroups, or expiry of its last offset).
     *
     * @throws GroupIdNotFoundException if it is already dead
     * @throws NonEmptyGroupException   if it has members
     */
    public void delete(long nowMs) {
        if (generation.is(GroupState.DEAD)) {
            throw new GroupIdNotFoundException("Group " + groupId() + " does not exist");
        }
        if (!generation.is(GroupState.EMPTY)) {
            throw new NonEmptyGroupException("Group " + groupId() + " has members and cannot be deleted");
        }
        generation.transitionTo(GroupState.DEAD, nowMs);
    }

    // ---- queries ----------------------------------------------------------------------------------------

    public GroupId groupId() {
        return generation.groupId();
    }

    public GroupState state() {
        return generation.state();
    }

    /** When the group entered its current state. */
    public long stateTimestampMs() {
        return generation.stateTimestampMs();
    }

    public int generationId() {
        return generation.generationId();
    }

    public Optional<String> protocolType() {
        return generation.protocolType();
    }

    public Optional<String> protocolName() {
        return generation.protocolName();
    }

    public Optional<String> leaderId() {
        return roster.leaderId();
    }

    public List<GroupMember> members() {
        return List.copyOf(roster.all());
    }

    /** The group as DescribeGroups shows it: metadata and assignments only once they are settled (Stable). */
    public GroupDescription describe() {
        boolean stable = generation.is(GroupState.STABLE);
        List<GroupDescription.Member> members = roster.all().stream().map(member -> new GroupDescription.Member(
                member.memberId(), member.groupInstanceId(), member.clientId(), member.clientHost(),
                stable ? member.metadata(protocolName().orElseThrow()) : GroupMember.NO_ASSIGNMENT,
                stable ? member.assignment() : GroupMember.NO_ASSIGNMENT)).toList();
        return new GroupDescription(groupId(), state(), protocolType().orElse(""),
                stable ? protocolName().orElse("") : "", members);
    }

    @Override
    public String toString() {
        return "Group " + groupId() + " " + state() + " generation " + generationId() + " members " + roster.all();
    }
}
