package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.FencedMemberEpochException;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.GroupMaxSizeReachedException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.StaleMemberEpochException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.error.UnreleasedInstanceIdException;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicId;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A consumer group under the consumer protocol of KIP-848: the members send ConsumerGroupHeartbeat, and the
 * coordinator computes the assignment and hands it out piece by piece, so that a partition is given to a
 * member only once its previous owner has revoked it ({@link MemberReconciliation}). Deterministic like
 * {@link io.hexalog.domain.group.ClassicGroup}: every operation is given the time, changes the group and
 * returns what happened ({@link ConsumerGroupOutcome}), the timers to arm included; none throws a domain error.
 * The caller serialises operations on one group.
 *
 * @see ConsumerGroupState for what each state does with each request
 */
public final class ConsumerGroup {

    private final GroupId groupId;
    private final ConsumerGroupConfig config;
    private final Map<String, ConsumerGroupMember> members = new LinkedHashMap<>();
    /** Each member's deadlines, by kind: when the timer of that kind and member removes the member. */
    private final Map<ConsumerGroupTimer.Kind, Map<String, Long>> deadlines = new EnumMap<>(ConsumerGroupTimer.Kind.class);
    private final TargetAssignment target;
    private final AssignmentEpochs assignmentEpochs = new AssignmentEpochs();
    private final ClassicMemberRequests classicMembers = new ClassicMemberRequests(this);
    private Map<String, TopicMetadata> subscribedTopics = new TreeMap<>();
    private int groupEpoch;
    private boolean dead;

    public ConsumerGroup(GroupId groupId, ConsumerGroupConfig config) {
        this.groupId = groupId;
        this.config = config;
        this.target = new TargetAssignment(config);
    }

    // ---- the consumer group protocol --------------------------------------------------------------------

    /**
     * A member joins, heartbeats or leaves.
     *
     * @param topics  the topics that exist now
     * @param freshId the member ID a version 0 member that sent none gets
     * @return the answer, or INVALID_REQUEST, UNSUPPORTED_ASSIGNOR, GROUP_MAX_SIZE_REACHED, UNKNOWN_MEMBER_ID,
     *         FENCED_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID, FENCED_INSTANCE_ID (and then nothing changed)
     */
    public ConsumerGroupOutcome<HeartbeatResult> heartbeat(ConsumerGroupHeartbeat request, TopicMetadataLookup topics,
                                                           long nowMs, UUID freshId) {
        if (dead) {
            return ConsumerGroupOutcome.failed(new CoordinatorNotAvailableException("Group " + groupId + " was removed"));
        }
        if (request.check(config.assignorNames()) instanceof Decision.Rejected rejected) {
            return ConsumerGroupOutcome.failed(rejected.error());
        }
        try {
            return request.isLeave() ? leave(request) : join(request, topics, nowMs, freshId);
        } catch (RejectedHeartbeat rejected) {
            return ConsumerGroupOutcome.failed(rejected.error());
        }
    }

    /**
     * A timer the group asked for has fired: a member whose session or rebalance timeout has passed is removed, and
     * so is a classic member that did not rejoin, or sync after joining, within its rebalance timeout.
     * A timer that fires early is armed again; one that no longer applies does nothing.
     */
    public ConsumerGroupOutcome<Void> onTimer(ConsumerGroupTimer timer, long nowMs) {
        ConsumerGroupMember member = members.get(timer.memberId());
        Long deadline = deadlines(timer.kind()).get(timer.memberId());
        if (dead || member == null || deadline == null) {
            return ConsumerGroupOutcome.effects(List.of());
        }
        if (nowMs < deadline) {
            return ConsumerGroupOutcome.effects(List.of(ConsumerTimerChange.arm(timer, deadline)));
        }
        List<ConsumerTimerChange> timers = new ArrayList<>();
        remove(member, timers);
        return ConsumerGroupOutcome.effects(timers);
    }

    private Map<String, Long> deadlines(ConsumerGroupTimer.Kind kind) {
        return deadlines.computeIfAbsent(kind, unused -> new HashMap<>());
    }

    private ConsumerGroupOutcome<HeartbeatResult> join(ConsumerGroupHeartbeat request, TopicMetadataLookup topics,
                                                       long nowMs, UUID freshId) {
        String memberId = request.memberId().isEmpty() ? freshId.toString() : request.memberId();
        checkCapacity(memberId);
        List<ConsumerTimerChange> timers = new ArrayList<>();
        ConsumerGroupMember member = request.instanceId().isPresent()
                ? staticMember(request, memberId, timers) : dynamicMember(request, memberId);
        ConsumerGroupMember updated = member.withSubscription(
                request.instanceId().or(member::instanceId), request.rackId().or(member::rackId),
                request.clientId(), request.clientHost(),
                request.subscribedTopicNames().map(Set::copyOf).orElse(member.subscribedTopicNames()),
                request.subscribedTopicRegex().isPresent()
                        ? request.subscribedTopicRegex().filter(pattern -> !pattern.source().isEmpty())
                        : member.subscribedTopicRegex(),
                request.serverAssignor().or(member::serverAssignor),
                request.rebalanceTimeoutMs() == -1 ? member.rebalanceTimeoutMs() : request.rebalanceTimeoutMs());
        ConsumerGroupMember reconciled = admit(member, updated, topics, request.owned(), nowMs, timers);
        armSession(memberId, config.sessionTimeoutMs(), nowMs, timers);
        boolean changed = !reconciled.assigned().equals(member.assigned());
        return ConsumerGroupOutcome.answered(new HeartbeatResult(memberId, reconciled.memberEpoch(),
                config.heartbeatIntervalMs(), request.isFull() || changed
                ? Optional.of(reconciled.assigned()) : Optional.empty()), timers);
    }

    /** @throws RejectedHeartbeat GROUP_MAX_SIZE_REACHED for a new member of a full group */
    void checkCapacity(String memberId) {
        if (members.size() >= config.maxSize() && !members.containsKey(memberId)) {
            throw new RejectedHeartbeat(new GroupMaxSizeReachedException("The consumer group has reached its maximum"
                    + " capacity of " + config.maxSize() + " members."));
        }
    }

    /**
     * Takes in what a member said of itself (either protocol): the group epoch moves on if its subscription, its
     * assignor or the subscribed topics changed, the target assignment follows, and the member takes its next
     * step towards its target given the partitions it reports it owns.
     */
    ConsumerGroupMember admit(ConsumerGroupMember member, ConsumerGroupMember updated, TopicMetadataLookup topics,
                              Optional<PartitionAssignment> owned, long nowMs, List<ConsumerTimerChange> timers) {
        boolean bump = !updated.subscribedTopicNames().equals(member.subscribedTopicNames())
                || !updated.subscribedTopicRegex().equals(member.subscribedTopicRegex())
                || !updated.serverAssignor().equals(member.serverAssignor());
        members.put(updated.memberId(), updated);
        Map<String, TopicMetadata> metadata = subscribedTopics(topics);
        if (!metadata.equals(subscribedTopics)) {
            subscribedTopics = metadata;
            bump = true;
        }
        if (bump) {
            groupEpoch++;
        }
        if (groupEpoch > target.epoch()) {
            target.compute(groupEpoch, members.values(), subscribedTopics);
        }
        return reconcile(updated, owned, nowMs, timers);
    }

    /** The member has until {@code timeoutMs} from now before its session ends. */
    void armSession(String memberId, int timeoutMs, long nowMs, List<ConsumerTimerChange> timers) {
        arm(ConsumerGroupTimer.session(memberId), nowMs + timeoutMs, timers);
    }

    /** The timer's member is removed at {@code deadlineMs} unless the deadline is moved or cancelled first. */
    void arm(ConsumerGroupTimer timer, long deadlineMs, List<ConsumerTimerChange> timers) {
        deadlines(timer.kind()).put(timer.memberId(), deadlineMs);
        timers.add(ConsumerTimerChange.arm(timer, deadlineMs));
    }

    /** Arms the timer unless it is armed already: its first deadline stays. */
    void armIfAbsent(ConsumerGroupTimer timer, long deadlineMs, List<ConsumerTimerChange> timers) {
        if (!deadlines(timer.kind()).containsKey(timer.memberId())) {
            arm(timer, deadlineMs, timers);
        }
    }

    void cancel(ConsumerGroupTimer timer, List<ConsumerTimerChange> timers) {
        if (deadlines(timer.kind()).remove(timer.memberId()) != null) {
            timers.add(ConsumerTimerChange.cancel(timer));
        }
    }

    /**
     * A new incarnation of a static member takes its place under a new member ID: its target, what it owns, the
     * epochs it was given its partitions at and its member epoch go over to the new ID, and the group epoch does not move; the previous ID is no longer a member.
     *
     * @return the member under its new ID, not yet in the group: the caller admits it
     */
    ConsumerGroupMember replaceStaticMember(ConsumerGroupMember previous, String memberId,
                                            List<ConsumerTimerChange> timers) {
        assignmentEpochs.rename(previous.memberId(), memberId);
        forget(previous.memberId(), timers);
        members.remove(previous.memberId());
        target.rename(previous.memberId(), memberId);
        return previous.withMemberId(memberId);
    }

    private ConsumerGroupMember dynamicMember(ConsumerGroupHeartbeat request, String memberId) {
        ConsumerGroupMember existing = members.get(memberId);
        if (existing == null) {
            if (request.memberEpoch() != ConsumerGroupHeartbeat.JOIN_EPOCH) {
                throw new RejectedHeartbeat(new UnknownMemberIdException("Member " + memberId
                        + " is not a member of group " + groupId + "."));
            }
            return ConsumerGroupMember.joining(memberId);
        }
        checkEpoch(existing, request);
        return existing;
    }

    private ConsumerGroupMember staticMember(ConsumerGroupHeartbeat request, String memberId,
                                             List<ConsumerTimerChange> timers) {
        String instanceId = request.instanceId().orElseThrow();
        Optional<ConsumerGroupMember> holder = staticMember(instanceId);
        if (request.memberEpoch() == ConsumerGroupHeartbeat.JOIN_EPOCH) {
            if (holder.isEmpty()) {
                return members.containsKey(memberId) ? members.get(memberId) : ConsumerGroupMember.joining(memberId);
            }
            ConsumerGroupMember previous = holder.get();
            if (previous.memberEpoch() != ConsumerGroupMember.LEFT_STATIC_MEMBER_EPOCH) {
                throw new RejectedHeartbeat(new UnreleasedInstanceIdException("Static member " + memberId
                        + " with instance id " + instanceId + " cannot join the group because the instance id is"
                        + " owned by " + previous.memberId() + " member."));
            }
            ConsumerGroupMember replaced = replaceStaticMember(previous, memberId, timers).rejoining();
            assignmentEpochs.forget(memberId);
            assignmentEpochs.update(memberId, previous.owned(), 0);
            return replaced;
        }
        ConsumerGroupMember known = holder.orElseThrow(() -> new RejectedHeartbeat(
                new UnknownMemberIdException("Instance id " + instanceId + " is unknown.")));
        if (!known.memberId().equals(memberId)) {
            throw new RejectedHeartbeat(new FencedInstanceIdException("Static member " + memberId
                    + " with instance id " + instanceId + " was fenced by member " + known.memberId() + "."));
        }
        checkEpoch(known, request);
        return known;
    }

    /** The member's epoch must be its own, or the previous one with nothing beyond what it is assigned. */
    private static void checkEpoch(ConsumerGroupMember member, ConsumerGroupHeartbeat request) {
        int received = request.memberEpoch();
        boolean lostAnswer = received == member.previousMemberEpoch()
                && request.owned().map(owned -> owned.isSubsetOf(member.assigned())).orElse(false);
        if (received > member.memberEpoch() || (received < member.memberEpoch() && !lostAnswer)) {
            throw new RejectedHeartbeat(new FencedMemberEpochException("The consumer group member has epoch "
                    + received + " but the group coordinator knows it at " + member.memberEpoch()
                    + ". The member must abandon all its partitions and rejoin."));
        }
    }

    private ConsumerGroupOutcome<HeartbeatResult> leave(ConsumerGroupHeartbeat request) {
        List<ConsumerTimerChange> timers = new ArrayList<>();
        ConsumerGroupMember member;
        if (request.instanceId().isEmpty()) {
            member = Optional.ofNullable(members.get(request.memberId())).orElseThrow(() -> new RejectedHeartbeat(
                    new UnknownMemberIdException("Member " + request.memberId() + " is not a member of group "
                            + groupId + ".")));
        } else {
            String instanceId = request.instanceId().get();
            member = staticMember(instanceId).orElseThrow(() -> new RejectedHeartbeat(
                    new UnknownMemberIdException("Instance id " + instanceId + " is unknown.")));
            if (!member.memberId().equals(request.memberId())) {
                throw new RejectedHeartbeat(new FencedInstanceIdException("Static member " + request.memberId()
                        + " with instance id " + instanceId + " was fenced by member " + member.memberId() + "."));
            }
            if (request.memberEpoch() == ConsumerGroupHeartbeat.STATIC_LEAVE_EPOCH) {
                members.put(member.memberId(), member.leftForAWhile());
                deadlines(ConsumerGroupTimer.Kind.REVOCATION).remove(member.memberId());
                timers.add(ConsumerTimerChange.cancel(ConsumerGroupTimer.revocation(member.memberId())));
                return ConsumerGroupOutcome.answered(new HeartbeatResult(member.memberId(),
                        ConsumerGroupHeartbeat.STATIC_LEAVE_EPOCH, config.heartbeatIntervalMs(), Optional.empty()), timers);
            }
        }
        remove(member, timers);
        return ConsumerGroupOutcome.answered(new HeartbeatResult(member.memberId(), request.memberEpoch(),
                config.heartbeatIntervalMs(), Optional.empty()), timers);
    }

    /** The member is gone: the group epoch moves on and its partitions are assigned to the others. */
    void remove(ConsumerGroupMember member, List<ConsumerTimerChange> timers) {
        members.remove(member.memberId());
        forget(member.memberId(), timers);
        subscribedTopics.keySet().removeIf(name -> members.values().stream().noneMatch(other -> other.subscribesTo(name)));
        groupEpoch++;
        target.compute(groupEpoch, members.values(), subscribedTopics);
    }

    private void forget(String memberId, List<ConsumerTimerChange> timers) {
        assignmentEpochs.forget(memberId);
        for (ConsumerGroupTimer.Kind kind : ConsumerGroupTimer.Kind.values()) {
            deadlines(kind).remove(memberId);
            timers.add(ConsumerTimerChange.cancel(new ConsumerGroupTimer(kind, memberId)));
        }
    }

    private ConsumerGroupMember reconcile(ConsumerGroupMember member, Optional<PartitionAssignment> reported,
                                          long nowMs, List<ConsumerTimerChange> timers) {
        MemberReconciliation reconciliation = new MemberReconciliation(target.epoch(), target.of(member.memberId()),
                (topic, partition) -> members.values().stream().noneMatch(other ->
                        !other.memberId().equals(member.memberId()) && other.owned().contains(topic, partition)));
        ConsumerGroupMember reconciled = reconciliation.reconcile(member, reported);
        members.put(reconciled.memberId(), reconciled);
        assignmentEpochs.update(reconciled.memberId(), reconciled.owned(), reconciled.memberEpoch());
        ConsumerGroupTimer revocation = ConsumerGroupTimer.revocation(member.memberId());
        boolean revoking = reconciled.state() == MemberState.UNREVOKED_PARTITIONS;
        boolean wasRevoking = member.state() == MemberState.UNREVOKED_PARTITIONS
                && member.memberEpoch() == reconciled.memberEpoch();
        if (revoking && !wasRevoking) {
            deadlines(ConsumerGroupTimer.Kind.REVOCATION).put(member.memberId(), nowMs + reconciled.rebalanceTimeoutMs());
            timers.add(ConsumerTimerChange.arm(revocation, nowMs + reconciled.rebalanceTimeoutMs()));
        } else if (!revoking && deadlines(ConsumerGroupTimer.Kind.REVOCATION).remove(member.memberId()) != null) {
            timers.add(ConsumerTimerChange.cancel(revocation));
        }
        return reconciled;
    }

    private Map<String, TopicMetadata> subscribedTopics(TopicMetadataLookup topics) {
        Map<String, TopicMetadata> metadata = new TreeMap<>();
        members.values().forEach(member -> member.subscribedTopicNames().forEach(name ->
                topics.find(name).ifPresent(topic -> metadata.put(name, topic))));
        if (members.values().stream().anyMatch(member -> member.subscribedTopicRegex().isPresent())) {
            topics.all().stream()
                    .filter(topic -> members.values().stream().anyMatch(member -> member.subscribesTo(topic.name())))
                    .forEach(topic -> metadata.put(topic.name(), topic));
        }
        return metadata;
    }

    Optional<ConsumerGroupMember> staticMember(String instanceId) {
        return members.values().stream().filter(member -> member.instanceId().equals(Optional.of(instanceId))).findFirst();
    }

    // ---- members of the classic protocol -----------------------------------------------------------------

    /**
     * A classic member joins or rejoins (JoinGroup): its Subscription gives its topics and the partitions it
     * still owns, and it takes its next step towards its target, answered at once with its member epoch as the
     * generation, the first of its protocols, and no leader's work to do.
     *
     * @param topics  the topics that exist now
     * @param freshId the member ID a new member gets
     * @return the answer, or MEMBER_ID_REQUIRED, INCONSISTENT_GROUP_PROTOCOL (not the consumer protocol type, or
     *         a Subscription that cannot be read), GROUP_MAX_SIZE_REACHED, UNKNOWN_MEMBER_ID (also for a member of
     *         the consumer protocol), FENCED_INSTANCE_ID
     */
    public ConsumerGroupOutcome<JoinResult> classicJoin(JoinRequest request, TopicMetadataLookup topics, long nowMs,
                                                        UUID freshId) {
        return classicMembers.join(request, topics, nowMs, freshId);
    }

    /**
     * A classic member asks for its assignment (SyncGroup): the partitions it is assigned now, in the consumer
     * protocol's Assignment.
     *
     * @return the answer, or UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, ILLEGAL_GENERATION (not its member epoch),
     *         INCONSISTENT_GROUP_PROTOCOL, REBALANCE_IN_PROGRESS (the group epoch moved on since it joined)
     */
    public ConsumerGroupOutcome<SyncResult> classicSync(SyncRequest request, long nowMs) {
        return classicMembers.sync(request, nowMs);
    }

    /**
     * A classic member says it is alive (Heartbeat); its session is renewed.
     *
     * @return the group's state, or REBALANCE_IN_PROGRESS when it must rejoin for its next step (its session
     *         renewed all the same), UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, ILLEGAL_GENERATION
     */
    public ConsumerGroupOutcome<ConsumerGroupState> classicHeartbeat(MemberIdentity member, int generationId,
                                                                     long nowMs) {
        return classicMembers.heartbeat(member, generationId, nowMs);
    }

    /**
     * Classic members leave (LeaveGroup), each named by member ID, or a static member by instance ID alone; the
     * group epoch moves on and their partitions go to the others.
     *
     * @return one result per member named: left, or UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID
     */
    public ConsumerGroupOutcome<List<LeaveResult>> classicLeave(List<MemberIdentity> leaving) {
        return classicMembers.leave(leaving);
    }

    /** Whether some partition of the member's target that it does not have yet is still owned by another member. */
    boolean waitsForUnreleasedPartition(ConsumerGroupMember member) {
        PartitionAssignment awaited = target.of(member.memberId()).minus(member.assigned());
        return members.values().stream().anyMatch(other -> !other.memberId().equals(member.memberId())
                && other.owned().overlaps(awaited));
    }

    /** The name of a topic the group subscribes to. */
    Optional<String> topicName(TopicId topic) {
        return subscribedTopics.values().stream().filter(metadata -> metadata.id().equals(topic))
                .map(TopicMetadata::name).findFirst();
    }

    // ---- migration between the classic and the consumer protocol ------------------------------------------

    /**
     * Whether a classic group with members may become a consumer group as a member of the consumer protocol
     * joins it: the migration policy allows upgrades, its members use the consumer protocol type, and they are
     * not more than {@code group.consumer.max.size}.
     */
    public static boolean canUpgrade(ClassicGroup classic, ConsumerGroupConfig config) {
        return config.migrationPolicy().allowsUpgrade()
                && classic.protocolType().filter(EmbeddedConsumerProtocol.PROTOCOL_TYPE::equals).isPresent()
                && classic.members().size() <= config.maxSize();
    }

    /**
     * The consumer group a classic group becomes ({@link #canUpgrade}), as Kafka converts it: the group epoch is
     * the generation, every member keeps the partitions of its last assignment as its target, at that epoch and
     * {@link MemberState#STABLE}, and keeps speaking the classic protocol with its own session timeout. The member
     * of the consumer protocol that triggers it joins next and moves the epoch on, so that the classic members are
     * asked to rejoin by their next heartbeat.
     *
     * @return the group, with the session timers of its members to arm; or GROUP_ID_NOT_FOUND if a member's
     *         Subscription or Assignment cannot be read (the classic group stays)
     */
    public static ConsumerGroupOutcome<ConsumerGroup> fromClassicGroup(ClassicGroup classic, ConsumerGroupConfig config,
                                                                       TopicMetadataLookup topics, long nowMs) {
        ConsumerGroup group = new ConsumerGroup(classic.groupId(), config);
        int epoch = classic.generationId();
        List<ConsumerTimerChange> timers = new ArrayList<>();
        Map<String, PartitionAssignment> assignments = new HashMap<>();
        try {
            for (GroupMember classicMember : classic.members()) {
                ClassicMemberMetadata metadata = new ClassicMemberMetadata(classicMember.sessionTimeoutMs(),
                        classicMember.protocols());
                byte[] subscriptionBytes = classic.protocolName().filter(name -> classicMember.protocols().stream()
                                .anyMatch(protocol -> protocol.name().equals(name)))
                        .map(classicMember::metadata).orElse(classicMember.protocols().get(0).metadata());
                EmbeddedConsumerProtocol.Subscription subscription = EmbeddedConsumerProtocol.subscription(subscriptionBytes);
                PartitionAssignment assigned = byId(EmbeddedConsumerProtocol.assignment(classicMember.assignment()), topics);
                ConsumerGroupMember member = ConsumerGroupMember.joining(classicMember.memberId())
                        .withSubscription(classicMember.groupInstanceId(), subscription.rackId(),
                                classicMember.clientId(), classicMember.clientHost(), Set.copyOf(subscription.topics()),
                                Optional.empty(), Optional.empty(), classicMember.rebalanceTimeoutMs())
                        .withClassicMetadata(metadata)
                        .reconciled(epoch, MemberState.STABLE, assigned, PartitionAssignment.EMPTY);
                group.members.put(member.memberId(), member);
                group.assignmentEpochs.update(member.memberId(), assigned, epoch);
                assignments.put(member.memberId(), assigned);
                group.armSession(member.memberId(), metadata.sessionTimeoutMs(), nowMs, timers);
            }
        } catch (IllegalArgumentException e) {
            return ConsumerGroupOutcome.failed(new GroupIdNotFoundException("Cannot upgrade the classic group "
                    + classic.groupId() + " to a consumer group: its embedded consumer protocol is malformed ("
                    + e.getMessage() + ")."));
        }
        group.groupEpoch = epoch;
        group.subscribedTopics = group.subscribedTopics(topics);
        group.target.adopt(epoch, assignments);
        return ConsumerGroupOutcome.answered(group, timers);
    }

    /**
     * Whether the group goes back to being a classic group as this member leaves (ConsumerGroupHeartbeat with epoch
     * -1), as Kafka decides it: the migration policy allows downgrades, the member speaks the consumer protocol, and
     * the others, at least one, all speak the classic protocol.
     */
    public boolean downgradesOnLeaveOf(String memberId) {
        ConsumerGroupMember leaving = members.get(memberId);
        return config.migrationPolicy().allowsDowngrade() && !dead && leaving != null && !leaving.usesClassicProtocol()
                && members.size() > 1 && members.values().stream()
                .filter(member -> !member.memberId().equals(memberId))
                .allMatch(ConsumerGroupMember::usesClassicProtocol);
    }

    /**
     * Whether the group goes back to being a classic group as this timer fences its member: the timer is due (the
     * member's session or rebalance timeout has passed, {@link #onTimer} would remove it), and its leaving would
     * downgrade the group as {@link #downgradesOnLeaveOf} says. Kafka converts a group the same way whether its last
     * consumer-protocol member leaves or is fenced.
     */
    public boolean downgradesOnFenceOf(ConsumerGroupTimer timer, long nowMs) {
        Long deadline = deadlines(timer.kind()).get(timer.memberId());
        return deadline != null && nowMs >= deadline && downgradesOnLeaveOf(timer.memberId());
    }

    /**
     * The static member of the consumer protocol whose place a classic member's JoinGroup takes (no member ID, the
     * same instance ID), if that makes the group a classic group again: Kafka downgrades when the replaced member was
     * the last one of the consumer protocol, as if it had left ({@link #downgradesOnLeaveOf}).
     *
     * @return the member ID of the member replaced, when the group downgrades
     */
    public Optional<String> downgradesOnStaticReplacementBy(JoinRequest request) {
        if (!request.memberId().equals(GroupMember.UNKNOWN_MEMBER_ID)) {
            return Optional.empty();
        }
        return request.groupInstanceId().flatMap(this::staticMember).map(ConsumerGroupMember::memberId)
                .filter(this::downgradesOnLeaveOf);
    }

    /**
     * The classic group this one becomes as its last member of the consumer protocol leaves, is fenced or is replaced
     * by a classic member ({@link #downgradesOnLeaveOf}, {@link #downgradesOnFenceOf},
     * {@link #downgradesOnStaticReplacementBy}), as Kafka converts it: the leaver is simply not taken along, so the group epoch
     * does not move and becomes the generation, which the classic members commit with; every other member keeps
     * its ID, session, protocols and target assignment; and a rebalance starts at once, so that the members rejoin
     * and their leader assigns the leaver's partitions too. This group is then {@link ConsumerGroupState#DEAD}.
     *
     * @return the classic group with its timers to arm
     */
    public ClassicGroup.Conversion toClassicGroup(GroupConfig classicConfig, long nowMs, String leavingMemberId) {
        List<ClassicGroup.ConvertedMember> converted = new ArrayList<>();
        for (ConsumerGroupMember member : members.values()) {
            if (member.memberId().equals(leavingMemberId)) {
                continue;
            }
            ClassicMemberMetadata classic = member.classicMetadata().orElseThrow();
            converted.add(new ClassicGroup.ConvertedMember(new JoinRequest(member.memberId(), member.instanceId(),
                    member.clientId(), member.clientHost(), classic.sessionTimeoutMs(), member.rebalanceTimeoutMs(),
                    EmbeddedConsumerProtocol.PROTOCOL_TYPE, classic.protocols(), false, false),
                    EmbeddedConsumerProtocol.assignment(byName(target.of(member.memberId())),
                            classic.subscriptionVersion())));
        }
        dead = true;
        return ClassicGroup.converted(groupId, classicConfig, groupEpoch, converted, nowMs);
    }

    /** The partitions by topic name, as the consumer protocol's Assignment names them. */
    Map<String, Set<Integer>> byName(PartitionAssignment assignment) {
        Map<String, Set<Integer>> byName = new TreeMap<>();
        assignment.partitions().forEach((topic, partitions) ->
                topicName(topic).ifPresent(name -> byName.put(name, partitions)));
        return byName;
    }

    private static PartitionAssignment byId(Map<String, Set<Integer>> byName, TopicMetadataLookup topics) {
        Map<TopicId, Set<Integer>> byId = new HashMap<>();
        byName.forEach((name, partitions) -> topics.find(name).ifPresent(topic -> byId.put(topic.id(), partitions)));
        return new PartitionAssignment(byId);
    }

    // ---- offsets and administration ---------------------------------------------------------------------

    /**
     * Whether an OffsetCommit may write for this group: without a member (epoch -1) only while the group is
     * empty; otherwise from a member, with its current epoch or an older one, which
     * {@link #checkPartitionCommit} then checks partition by partition (KIP-1251). A classic member commits with
     * its member epoch as the generation, that one only, as Kafka checks it.
     *
     * @return rejected with COORDINATOR_NOT_AVAILABLE for a deleted group, UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH
     *         for an epoch ahead of the member's, ILLEGAL_GENERATION for a classic member's other generation
     */
    public Decision checkOffsetCommit(String memberId, int memberEpoch) {
        if (dead) {
            return Decision.reject(new CoordinatorNotAvailableException("Group " + groupId + " was removed"));
        }
        if (memberEpoch < 0 && members.isEmpty()) {
            return Decision.accept();
        }
        ConsumerGroupMember member = members.get(memberId);
        if (member != null && member.usesClassicProtocol()) {
            return memberEpoch == member.memberEpoch() ? Decision.accept()
                    : Decision.reject(new IllegalGenerationException("The request generation id " + memberEpoch
                    + " is not equal to the member epoch " + member.memberEpoch() + " of member " + memberId));
        }
        if (member != null && memberEpoch >= 0 && memberEpoch < member.memberEpoch()) {
            return Decision.accept();
        }
        return checkMemberEpoch(memberId, memberEpoch);
    }

    /**
     * Whether a commit the group accepted ({@link #checkOffsetCommit}) may write this partition: always with the
     * member's current epoch (and without member in an empty group); with an older epoch only for a partition
     * the member has owned since that epoch or before (KIP-1251's assignment epochs), as its client may commit
     * before it has heard of the newer epoch.
     *
     * @return rejected with STALE_MEMBER_EPOCH
     */
    public Decision checkPartitionCommit(String memberId, int memberEpoch, TopicId topic, int partition) {
        ConsumerGroupMember member = members.get(memberId);
        if (member == null || memberEpoch == member.memberEpoch()) {
            return Decision.accept();
        }
        OptionalInt since = assignmentEpochs.of(memberId, topic, partition);
        if (since.isPresent() && since.getAsInt() <= memberEpoch && memberEpoch < member.memberEpoch()) {
            return Decision.accept();
        }
        return Decision.reject(new StaleMemberEpochException("The member epoch " + memberEpoch + " is stale for"
                + " partition " + partition + " of topic " + topic + ": member " + memberId + " is at epoch "
                + member.memberEpoch() + "."));
    }

    /**
     * Whether a transactional producer may commit offsets on behalf of this member (TxnOffsetCommit v3+, KIP-447,
     * where the member epoch travels in the generation field): a commit without member while the group is empty
     * (a consumer outside group management), otherwise only from a member at its current epoch, as a zombie
     * consumer that lost its partitions must not commit through its producer. No older epoch is accepted here:
     * the transaction is aborted instead, and the producer's next one carries the new epoch.
     *
     * @return rejected with COORDINATOR_NOT_AVAILABLE for a deleted group, UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH
     *         (ILLEGAL_GENERATION for a classic member)
     */
    public Decision checkTransactionalOffsetCommit(String memberId, int memberEpoch) {
        if (dead) {
            return Decision.reject(new CoordinatorNotAvailableException("Group " + groupId + " was removed"));
        }
        if (memberEpoch < 0 && members.isEmpty()) {
            return Decision.accept();
        }
        return checkMemberEpoch(memberId, memberEpoch);
    }

    /**
     * Whether an OffsetFetch (v9+, which names the member) may read: without member ID and epoch (the admin client,
     * a consumer outside group management, a classic consumer) always; otherwise from a member with its current
     * epoch, as Kafka checks it.
     *
     * @return rejected with UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH, or ILLEGAL_GENERATION for a classic member
     */
    public Decision checkOffsetFetch(Optional<String> memberId, int memberEpoch) {
        if (memberId.isEmpty() && memberEpoch < 0) {
            return Decision.accept();
        }
        return checkMemberEpoch(memberId.orElse(""), memberEpoch);
    }

    private Decision checkMemberEpoch(String memberId, int memberEpoch) {
        ConsumerGroupMember member = members.get(memberId);
        if (member == null) {
            return Decision.reject(new UnknownMemberIdException("Member " + memberId + " is not a member of group "
                    + groupId + "."));
        }
        if (member.memberEpoch() != memberEpoch && member.usesClassicProtocol()) {
            return Decision.reject(new IllegalGenerationException("The generation id " + memberEpoch
                    + " is not the member epoch " + member.memberEpoch() + " of member " + memberId + "."));
        }
        if (member.memberEpoch() != memberEpoch) {
            return Decision.reject(new StaleMemberEpochException("The member epoch " + memberEpoch
                    + " is stale: member " + memberId + " is at epoch " + member.memberEpoch() + "."));
        }
        return Decision.accept();
    }

    /** Whether a member subscribes to the topic, so that its offsets must stay (OffsetDelete). */
    public boolean isSubscribedTo(String topic) {
        return members.values().stream().anyMatch(member -> member.subscribesTo(topic));
    }

    /**
     * Deletes the group (DeleteGroups): an empty group becomes {@link ConsumerGroupState#DEAD}.
     *
     * @return rejected with GROUP_ID_NOT_FOUND if it already was, NON_EMPTY_GROUP if it has members
     */
    public Decision delete() {
        if (dead) {
            return Decision.reject(new GroupIdNotFoundException("Group " + groupId + " does not exist"));
        }
        if (!members.isEmpty()) {
            return Decision.reject(new NonEmptyGroupException("Group " + groupId + " has members and cannot be deleted"));
        }
        dead = true;
        return Decision.accept();
    }

    // ---- queries ----------------------------------------------------------------------------------------

    public GroupId groupId() {
        return groupId;
    }

    public ConsumerGroupState state() {
        if (dead) {
            return ConsumerGroupState.DEAD;
        }
        if (members.isEmpty()) {
            return ConsumerGroupState.EMPTY;
        }
        boolean reconciled = members.values().stream().allMatch(member -> member.isReconciledTo(target.epoch()));
        return reconciled ? ConsumerGroupState.STABLE : ConsumerGroupState.RECONCILING;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    public int assignmentEpoch() {
        return target.epoch();
    }

    public Optional<ConsumerGroupMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    public List<ConsumerGroupMember> members() {
        return List.copyOf(members.values());
    }

    /** What the target assignment gives the member (empty for a stranger). */
    public PartitionAssignment targetOf(String memberId) {
        return target.of(memberId);
    }

    public ConsumerGroupDescription describe() {
        List<ConsumerGroupDescription.Member> described = members.values().stream().map(member ->
                new ConsumerGroupDescription.Member(member.memberId(), member.instanceId(), member.rackId(),
                        member.memberEpoch(), member.clientId(), member.clientHost(), member.subscribedTopicNames(),
                        member.subscribedTopicRegex().map(TopicPattern::source), member.assigned(), target.of(member.memberId()),
                        member.usesClassicProtocol())).toList();
        return new ConsumerGroupDescription(groupId, state(), groupEpoch, target.epoch(), target.assignorName(), described);
    }

    @Override
    public String toString() {
        return "Consumer group " + groupId + " " + state() + " epoch " + groupEpoch + " members " + members.keySet();
    }

    /** A heartbeat turned down before anything changed; caught in {@link #heartbeat} and returned. */
    static final class RejectedHeartbeat extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient HexalogException error;

        RejectedHeartbeat(HexalogException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }

        HexalogException error() {
            return error;
        }
    }
}
