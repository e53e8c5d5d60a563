package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.FencedMemberEpochException;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.GroupMaxSizeReachedException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.NonEmptyGroupException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.error.UnreleasedInstanceIdException;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.GroupId;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

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
    private final ConsumerGroupMigration migration = new ConsumerGroupMigration(this);
    private final OffsetCommitRules offsetRules = new OffsetCommitRules(this);
    private final RegexResolution regexResolution = new RegexResolution();
    private Map<String, TopicMetadata> subscribedTopics = new TreeMap<>();
    private int groupEpoch;
    private boolean dead;
    /** Moves on with every change to what {@link #image} holds; see {@link #changes}. */
    private long changes;

    public ConsumerGroup(GroupId groupId, ConsumerGroupConfig config) {
        this.groupId = groupId;
        this.config = config;
        this.target = new TargetAssignment(config);
    }

    // ---- durable state ----------------------------------------------------------------------------------

    /**
     * A count that moves on whenever what the group must keep ({@link #image}) changes, and at times when it does
     * not: a coordinator that wrote the image at one count need not build and compare the image again while the
     * count stays the same. A steady member's heartbeat leaves it as it is.
     */
    public long changes() {
        return changes;
    }

    /** What the group must keep to outlive its coordinator; see {@link ConsumerGroupImage}. */
    public ConsumerGroupImage image() {
        return new ConsumerGroupImage(groupId, groupEpoch, target.epoch(), target.assignorName(), subscribedTopics,
                List.copyOf(members.values()), target.all(), assignmentEpochs.all());
    }

    /**
     * The group an image was taken of, as a coordinator that takes it over rebuilds it: every member keeps its
     * member ID, epochs and partitions, and gets a fresh session from now (its own session timeout for a classic
     * member, {@code sessionTimeoutMs} for the others); a member that was revoking partitions gets a fresh rebalance
     * timeout too.
     *
     * @param patterns compiles a member's regular expression again from its stored source, with the engine that
     *                 compiled it when the member sent it
     * @return the group, with the timers to arm
     */
    public static ConsumerGroupOutcome<ConsumerGroup> restore(ConsumerGroupImage image,
                                                              Function<String, TopicPattern> patterns,
                                                              ConsumerGroupConfig config, long nowMs,
                                                              int sessionTimeoutMs) {
        ConsumerGroup group = new ConsumerGroup(image.groupId(), config);
        group.groupEpoch = image.groupEpoch();
        group.subscribedTopics = new TreeMap<>(image.subscribedTopics());
        group.target.restore(image.assignmentEpoch(), image.assignorName(), image.targetAssignment());
        group.assignmentEpochs.restore(image.assignmentEpochs());
        List<ConsumerTimerChange> timers = new ArrayList<>();
        for (ConsumerGroupMember stored : image.members()) {
            ConsumerGroupMember member = stored.subscribedTopicRegex()
                    .map(regex -> stored.withSubscribedTopicRegex(patterns.apply(regex.source()))).orElse(stored);
            group.members.put(member.memberId(), member);
            group.armSession(member.memberId(), member.classicMetadata().map(ClassicMemberMetadata::sessionTimeoutMs)
                    .orElse(sessionTimeoutMs), nowMs, timers);
            if (member.state() == MemberState.UNREVOKED_PARTITIONS) {
                group.arm(ConsumerGroupTimer.revocation(member.memberId()), nowMs + member.rebalanceTimeoutMs(), timers);
            }
        }
        return ConsumerGroupOutcome.answered(group, timers);
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
        return heartbeat(request, topics, nowMs, freshId,
                new ConsumerGroupTimeouts(config.sessionTimeoutMs(), config.heartbeatIntervalMs()));
    }

    /**
     * A member joins, heartbeats or leaves, under the group's own session timeout and heartbeat interval (its
     * {@code consumer.session.timeout.ms} and {@code consumer.heartbeat.interval.ms}, or the broker's): the member's
     * session is armed with the one and the answer carries the other, so a change applies from the next heartbeat.
     *
     * @see #heartbeat(ConsumerGroupHeartbeat, TopicMetadataLookup, long, UUID)
     */
    public ConsumerGroupOutcome<HeartbeatResult> heartbeat(ConsumerGroupHeartbeat request, TopicMetadataLookup topics,
                                                           long nowMs, UUID freshId, ConsumerGroupTimeouts timeouts) {
        if (dead) {
            return ConsumerGroupOutcome.failed(new CoordinatorNotAvailableException("Group " + groupId + " was removed"));
        }
        if (request.check(config.assignorNames()) instanceof Decision.Rejected rejected) {
            return ConsumerGroupOutcome.failed(rejected.error());
        }
        try {
            return request.isLeave() ? leave(request, timeouts) : join(request, topics, nowMs, freshId, timeouts);
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
                                                       long nowMs, UUID freshId, ConsumerGroupTimeouts timeouts) {
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
        armSession(memberId, timeouts.sessionTimeoutMs(), nowMs, timers);
        boolean changed = !reconciled.assigned().equals(member.assigned());
        return ConsumerGroupOutcome.answered(new HeartbeatResult(memberId, reconciled.memberEpoch(),
                timeouts.heartbeatIntervalMs(), request.isFull() || changed
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
        putMember(updated);
        Map<String, TopicMetadata> metadata = subscribedTopics(topics);
        if (!metadata.equals(subscribedTopics)) {
            subscribedTopics = metadata;
            bump = true;
        }
        if (bump) {
            groupEpoch++;
            changes++;
        }
        if (groupEpoch > target.epoch()) {
            target.compute(groupEpoch, members.values(), subscribedTopics);
            changes++;
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
        changes++;
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
            changes++;
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

    private ConsumerGroupOutcome<HeartbeatResult> leave(ConsumerGroupHeartbeat request, ConsumerGroupTimeouts timeouts) {
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
                putMember(member.leftForAWhile());
                deadlines(ConsumerGroupTimer.Kind.REVOCATION).remove(member.memberId());
                timers.add(ConsumerTimerChange.cancel(ConsumerGroupTimer.revocation(member.memberId())));
                return ConsumerGroupOutcome.answered(new HeartbeatResult(member.memberId(),
                        ConsumerGroupHeartbeat.STATIC_LEAVE_EPOCH, timeouts.heartbeatIntervalMs(), Optional.empty()), timers);
            }
        }
        remove(member, timers);
        return ConsumerGroupOutcome.answered(new HeartbeatResult(member.memberId(), request.memberEpoch(),
                timeouts.heartbeatIntervalMs(), Optional.empty()), timers);
    }

    /** The member is gone: the group epoch moves on and its partitions are assigned to the others. */
    void remove(ConsumerGroupMember member, List<ConsumerTimerChange> timers) {
        members.remove(member.memberId());
        forget(member.memberId(), timers);
        subscribedTopics.keySet().removeIf(name -> members.values().stream().noneMatch(other -> other.subscribesTo(name)));
        groupEpoch++;
        target.compute(groupEpoch, members.values(), subscribedTopics);
        changes++;
    }

    private void forget(String memberId, List<ConsumerTimerChange> timers) {
        assignmentEpochs.forget(memberId);
        changes++;
        for (ConsumerGroupTimer.Kind kind : ConsumerGroupTimer.Kind.values()) {
            deadlines(kind).remove(memberId);
            timers.add(ConsumerTimerChange.cancel(new ConsumerGroupTimer(kind, memberId)));
        }
    }

    /** Adds or replaces a member, counting a change only if it differs from the one it replaces. */
    private void putMember(ConsumerGroupMember member) {
        if (!member.equals(members.put(member.memberId(), member))) {
            changes++;
        }
    }

    private ConsumerGroupMember reconcile(ConsumerGroupMember member, Optional<PartitionAssignment> reported,
                                          long nowMs, List<ConsumerTimerChange> timers) {
        MemberReconciliation reconciliation = new MemberReconciliation(target.epoch(), target.of(member.memberId()),
                (topic, partition) -> members.values().stream().noneMatch(other ->
                        !other.memberId().equals(member.memberId()) && other.owns(topic, partition)));
        ConsumerGroupMember reconciled = reconciliation.reconcile(member, reported);
        // the epochs change only with what the member owns, which putMember counts
        putMember(reconciled);
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
        Set<TopicPattern> patterns = new HashSet<>();
        members.values().forEach(member -> member.subscribedTopicRegex().ifPresent(patterns::add));
        if (!patterns.isEmpty()) {
            regexResolution.matching(topics, patterns).forEach(topic -> metadata.put(topic.name(), topic));
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

    /** See {@link ConsumerGroupMigration#canUpgrade}. */
    public static boolean canUpgrade(ClassicGroup classic, ConsumerGroupConfig config) {
        return ConsumerGroupMigration.canUpgrade(classic, config);
    }

    /** See {@link ConsumerGroupMigration#upgrade}. */
    public static ConsumerGroupOutcome<ConsumerGroup> fromClassicGroup(ClassicGroup classic, ConsumerGroupConfig config,
                                                                       TopicMetadataLookup topics, long nowMs) {
        return ConsumerGroupMigration.upgrade(classic, config, topics, nowMs);
    }

    /** See {@link ConsumerGroupMigration#downgradesOnLeaveOf}. */
    public boolean downgradesOnLeaveOf(String memberId) {
        return migration.downgradesOnLeaveOf(memberId);
    }

    /** See {@link ConsumerGroupMigration#downgradesOnFenceOf}. */
    public boolean downgradesOnFenceOf(ConsumerGroupTimer timer, long nowMs) {
        return migration.downgradesOnFenceOf(timer, nowMs);
    }

    /** See {@link ConsumerGroupMigration#downgradesOnStaticReplacementBy}. */
    public Optional<String> downgradesOnStaticReplacementBy(JoinRequest request) {
        return migration.downgradesOnStaticReplacementBy(request);
    }

    /** See {@link ConsumerGroupMigration#downgrade}; this group is then {@link ConsumerGroupState#DEAD}. */
    public ClassicGroup.Conversion toClassicGroup(GroupConfig classicConfig, long nowMs, String leavingMemberId) {
        return migration.downgrade(classicConfig, nowMs, leavingMemberId);
    }

    /** A member carried over from a classic group, owning {@code assigned} since {@code epoch}. */
    void adoptMember(ConsumerGroupMember member, PartitionAssignment assigned, int epoch) {
        putMember(member);
        assignmentEpochs.update(member.memberId(), assigned, epoch);
        changes++;
    }

    /** The classic group's generation and assignment become the group epoch and the target. */
    void adoptGeneration(int epoch, Map<String, PartitionAssignment> assignments, TopicMetadataLookup topics) {
        groupEpoch = epoch;
        subscribedTopics = subscribedTopics(topics);
        target.adopt(epoch, assignments);
        changes++;
    }

    /** The partitions by topic name, as the consumer protocol's Assignment names them. */
    Map<String, Set<Integer>> byName(PartitionAssignment assignment) {
        Map<String, Set<Integer>> byName = new TreeMap<>();
        assignment.partitions().forEach((topic, partitions) ->
                topicName(topic).ifPresent(name -> byName.put(name, partitions)));
        return byName;
    }

    ConsumerGroupConfig config() {
        return config;
    }

    /** When the timer's member is removed, if that timer is armed. */
    Optional<Long> deadline(ConsumerGroupTimer timer) {
        return Optional.ofNullable(deadlines(timer.kind()).get(timer.memberId()));
    }

    void markDead() {
        dead = true;
        changes++;
    }

    // ---- offsets and administration ---------------------------------------------------------------------

    /** See {@link OffsetCommitRules#offsetCommit}. */
    public Decision checkOffsetCommit(String memberId, int memberEpoch) {
        return offsetRules.offsetCommit(memberId, memberEpoch);
    }

    /** See {@link OffsetCommitRules#partitionCommit}. */
    public Decision checkPartitionCommit(String memberId, int memberEpoch, TopicId topic, int partition) {
        return offsetRules.partitionCommit(memberId, memberEpoch, topic, partition);
    }

    /** See {@link OffsetCommitRules#transactionalOffsetCommit}. */
    public Decision checkTransactionalOffsetCommit(String memberId, int memberEpoch) {
        return offsetRules.transactionalOffsetCommit(memberId, memberEpoch);
    }

    /** See {@link OffsetCommitRules#offsetFetch}. */
    public Decision checkOffsetFetch(Optional<String> memberId, int memberEpoch) {
        return offsetRules.offsetFetch(memberId, memberEpoch);
    }

    /** The epoch at which the member was given the partition; empty if it does not own it. */
    OptionalInt assignmentEpochOf(String memberId, TopicId topic, int partition) {
        return assignmentEpochs.of(memberId, topic, partition);
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
        changes++;
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
