package io.hexalog.domain.group;

import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.policy.Decision;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A consumer group under the classic protocol (JoinGroup / SyncGroup / Heartbeat / LeaveGroup), following
 * Kafka's coordinator request for request. Every operation is deterministic: it is given the time, changes
 * the group, and returns what happened, as Kafka's {@code CoordinatorResult} does:
 * <ul>
 *   <li>a member's request, a {@link GroupOutcome}: its answer (a result or an error) or that it waits,
 *       with the {@link GroupEffects} on others: answers owed to parked requests and timers to arm;</li>
 *   <li>a fired timer, its {@link GroupEffects};</li>
 *   <li>an offset or administrative request, a {@link Decision}: accepted, or rejected with the error.</li>
 * </ul>
 * No operation throws a domain error: the error is part of what it returns, and the caller acts on it.
 * The caller serialises operations on one group.
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

    /**
     * The classic group a consumer group becomes when only classic members remain in it (a downgrade, as Kafka
     * converts it): the members come with their IDs, sessions, protocols and last assignment, the generation is
     * the consumer group's epoch, and a rebalance starts at once, so that every member is told to rejoin by its
     * next heartbeat and the leader computes the assignment again.
     *
     * @return the group, and its timers to arm: each member's session and the join phase
     */
    public static Conversion converted(GroupId groupId, GroupConfig config, int generationId,
                                       List<ConvertedMember> members, long nowMs) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("Only a group with members is converted");
        }
        ClassicGroup group = new ClassicGroup(groupId, config, nowMs);
        GroupEffects.Collector effects = new GroupEffects.Collector();
        for (ConvertedMember converted : members) {
            GroupMember member = new GroupMember(converted.join().memberId(), converted.join());
            member.assign(converted.assignment());
            group.roster.add(member);
            group.sessions.arm(member, nowMs + member.sessionTimeoutMs(), effects);
        }
        group.generation.restore(generationId, members.get(0).join().protocolType(), nowMs);
        group.rebalance.prepare(nowMs, effects);
        return new Conversion(group, effects.effects());
    }

    /** A member of a group converted to a classic group: as it would join, and what it was assigned. */
    public record ConvertedMember(JoinRequest join, byte[] assignment) {

        public ConvertedMember {
            Objects.requireNonNull(join, "join");
            assignment = assignment.clone();
        }

        @Override
        public byte[] assignment() {
            return assignment.clone();
        }
    }

    /** A classic group made from another kind of group, with the timers it needs armed. */
    public record Conversion(ClassicGroup group, GroupEffects effects) {

        public Conversion {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(effects, "effects");
        }
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
        return switch (timer.kind()) {
            case MEMBER_SESSION -> departures.onSessionTimer(((GroupTimer.MemberSession) timer).memberId(), nowMs);
            case JOIN_PHASE -> rebalance.onJoinPhaseTimer(nowMs);
            case SYNC_PHASE -> departures.onSyncDeadline(nowMs);
        };
    }

    // ---- offsets and administration ---------------------------------------------------------------------

    /**
     * Whether an OffsetCommit may write for this group. Without member and generation (generation -1, as
     * the admin client and consumers that assign partitions themselves send) only an empty group accepts
     * it; otherwise the commit must come from a member, for the current generation, outside the sync phase.
     *
     * @return rejected with COORDINATOR_NOT_AVAILABLE for a deleted group, UNKNOWN_MEMBER_ID,
     *         FENCED_INSTANCE_ID, ILLEGAL_GENERATION or REBALANCE_IN_PROGRESS
     */
    public Decision checkOffsetCommit(String memberId, Optional<String> groupInstanceId, int generationId) {
        if (generation.is(GroupState.DEAD)) {
            return Decision.reject(generation.beingRemoved());
        }
        if (generationId < 0 && generation.is(GroupState.EMPTY)) {
            return Decision.accept();
        }
        boolean fromMember = generationId >= 0 || !memberId.isEmpty() || groupInstanceId.isPresent();
        if (!fromMember) {
            return Decision.reject(new UnknownMemberIdException("Group " + groupId()
                    + " has members: commit as one of them"));
        }
        Decision admitted = roster.checkMember(memberId, groupInstanceId)
                .andThen(() -> generation.checkGeneration(generationId));
        if (admitted.isAccepted() && generation.is(GroupState.COMPLETING_REBALANCE)) {
            return Decision.reject(new RebalanceInProgressException("Group " + groupId()
                    + " is completing a rebalance"));
        }
        return admitted;
    }

    /**
     * Whether a transactional producer may commit offsets for this group on behalf of the consumer whose member ID,
     * instance ID and generation TxnOffsetCommit v3+ carries (KIP-447), so that a zombie consumer of an older
     * generation cannot commit through its producer. As for OffsetCommit, a generation of -1 is accepted while the
     * group is empty; a commit naming no member and no generation (versions 0-2 carry none) is accepted whatever the
     * group's state, and a rebalance in progress refuses nothing, as in Kafka.
     *
     * @return rejected with COORDINATOR_NOT_AVAILABLE for a deleted group, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID or
     *         ILLEGAL_GENERATION
     */
    public Decision checkTransactionalOffsetCommit(String memberId, Optional<String> groupInstanceId,
                                                   int generationId) {
        if (generation.is(GroupState.DEAD)) {
            return Decision.reject(generation.beingRemoved());
        }
        if (generationId < 0 && generation.is(GroupState.EMPTY)) {
            return Decision.accept();
        }
        boolean fromMember = generationId >= 0 || !memberId.isEmpty() || groupInstanceId.isPresent();
        if (!fromMember) {
            return Decision.accept();
        }
        return roster.checkMember(memberId, groupInstanceId).andThen(() -> generation.checkGeneration(generationId));
    }

    /**
     * Whether OffsetDelete may remove offsets of this group: of an empty group, or of a consumer group for
     * the topics it does not subscribe to ({@link #isSubscribedTo}).
     *
     * @return rejected with GROUP_ID_NOT_FOUND for a deleted group, NON_EMPTY_GROUP for a group with members
     *         that does not speak the consumer protocol
     */
    public Decision checkOffsetDelete() {
        if (generation.is(GroupState.DEAD)) {
            return Decision.reject(new GroupIdNotFoundException("Group " + groupId() + " does not exist"));
        }
        if (!generation.is(GroupState.EMPTY) && !generation.usesConsumerProtocol()) {
            return Decision.reject(new NonEmptyGroupException("Group " + groupId() + " is not empty"));
        }
        return Decision.accept();
    }

    /**
     * Whether a member subscribes to the topic, so that its offsets must stay. A consumer group whose
     * subscriptions cannot be read is taken to subscribe to everything.
     */
    public boolean isSubscribedTo(String topic) {
        return generation.isSubscribedTo(topic);
    }

    /**
     * Deletes the group (DeleteGroups, or expiry of its last offset): an empty group becomes
     * {@link GroupState#DEAD}.
     *
     * @return accepted when the group is now dead; rejected with GROUP_ID_NOT_FOUND if it already was,
     *         NON_EMPTY_GROUP if it has members, and then nothing changed
     */
    public Decision delete(long nowMs) {
        if (generation.is(GroupState.DEAD)) {
            return Decision.reject(new GroupIdNotFoundException("Group " + groupId() + " does not exist"));
        }
        if (!generation.is(GroupState.EMPTY)) {
            return Decision.reject(new NonEmptyGroupException("Group " + groupId()
                    + " has members and cannot be deleted"));
        }
        generation.transitionTo(GroupState.DEAD, nowMs);
        return Decision.accept();
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
        return new GroupDescription(groupId(), state(), protocolType(),
                stable ? protocolName() : Optional.empty(), members);
    }

    @Override
    public String toString() {
        return "Group " + groupId() + " " + state() + " generation " + generationId() + " members " + roster.all();
    }
}
