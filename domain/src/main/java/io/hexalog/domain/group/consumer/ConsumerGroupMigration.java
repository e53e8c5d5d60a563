package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.topic.TopicId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka's online migration between the two kinds of group ({@code group.consumer.migration.policy}): a classic group
 * with members becomes a consumer group as a member of the consumer protocol joins it, and a consumer group becomes a
 * classic group again when its last member of the consumer protocol goes and classic members remain. Both ways the
 * members keep their IDs, sessions and partitions, and the generation carries over as the group epoch and back.
 */
final class ConsumerGroupMigration {

    private final ConsumerGroup group;

    ConsumerGroupMigration(ConsumerGroup group) {
        this.group = group;
    }

    /**
     * Whether a classic group with members may become a consumer group as a member of the consumer protocol
     * joins it: the migration policy allows upgrades, its members use the consumer protocol type, and they are
     * not more than {@code group.consumer.max.size}.
     */
    static boolean canUpgrade(ClassicGroup classic, ConsumerGroupConfig config) {
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
    static ConsumerGroupOutcome<ConsumerGroup> upgrade(ClassicGroup classic, ConsumerGroupConfig config,
                                                       TopicMetadataLookup topics, long nowMs) {
        ConsumerGroup upgraded = new ConsumerGroup(classic.groupId(), config);
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
                upgraded.adoptMember(member, assigned, epoch);
                assignments.put(member.memberId(), assigned);
                upgraded.armSession(member.memberId(), metadata.sessionTimeoutMs(), nowMs, timers);
            }
        } catch (IllegalArgumentException e) {
            return ConsumerGroupOutcome.failed(new GroupIdNotFoundException("Cannot upgrade the classic group "
                    + classic.groupId() + " to a consumer group: its embedded consumer protocol is malformed ("
                    + e.getMessage() + ")."));
        }
        upgraded.adoptGeneration(epoch, assignments, topics);
        return ConsumerGroupOutcome.answered(upgraded, timers);
    }

    /**
     * Whether the group goes back to being a classic group as this member leaves (ConsumerGroupHeartbeat with epoch
     * -1), as Kafka decides it: the migration policy allows downgrades, the member speaks the consumer protocol, and
     * the others, at least one, all speak the classic protocol.
     */
    boolean downgradesOnLeaveOf(String memberId) {
        Optional<ConsumerGroupMember> leaving = group.member(memberId);
        List<ConsumerGroupMember> members = group.members();
        return group.config().migrationPolicy().allowsDowngrade() && group.state() != ConsumerGroupState.DEAD
                && leaving.isPresent() && !leaving.get().usesClassicProtocol()
                && members.size() > 1 && members.stream()
                .filter(member -> !member.memberId().equals(memberId))
                .allMatch(ConsumerGroupMember::usesClassicProtocol);
    }

    /**
     * Whether the group goes back to being a classic group as this timer fences its member: the timer is due (the
     * member's session or rebalance timeout has passed, {@link ConsumerGroup#onTimer} would remove it), and its
     * leaving would downgrade the group as {@link #downgradesOnLeaveOf} says. Kafka converts a group the same way
     * whether its last consumer-protocol member leaves or is fenced.
     */
    boolean downgradesOnFenceOf(ConsumerGroupTimer timer, long nowMs) {
        return group.deadline(timer).filter(deadline -> nowMs >= deadline).isPresent()
                && downgradesOnLeaveOf(timer.memberId());
    }

    /**
     * The static member of the consumer protocol whose place a classic member's JoinGroup takes (no member ID, the
     * same instance ID), if that makes the group a classic group again: Kafka downgrades when the replaced member was
     * the last one of the consumer protocol, as if it had left ({@link #downgradesOnLeaveOf}).
     *
     * @return the member ID of the member replaced, when the group downgrades
     */
    Optional<String> downgradesOnStaticReplacementBy(JoinRequest request) {
        if (!request.memberId().equals(GroupMember.UNKNOWN_MEMBER_ID)) {
            return Optional.empty();
        }
        return request.groupInstanceId().flatMap(group::staticMember).map(ConsumerGroupMember::memberId)
                .filter(this::downgradesOnLeaveOf);
    }

    /**
     * The classic group this one becomes as its last member of the consumer protocol leaves, is fenced or is replaced
     * by a classic member ({@link #downgradesOnLeaveOf}, {@link #downgradesOnFenceOf},
     * {@link #downgradesOnStaticReplacementBy}), as Kafka converts it: the leaver is simply not taken along, so the
     * group epoch does not move and becomes the generation, which the classic members commit with; every other member
     * keeps its ID, session, protocols and target assignment; and a rebalance starts at once, so that the members
     * rejoin and their leader assigns the leaver's partitions too. The consumer group is then
     * {@link ConsumerGroupState#DEAD}.
     *
     * @return the classic group with its timers to arm
     */
    ClassicGroup.Conversion downgrade(GroupConfig classicConfig, long nowMs, String leavingMemberId) {
        List<ClassicGroup.ConvertedMember> converted = new ArrayList<>();
        for (ConsumerGroupMember member : group.members()) {
            if (member.memberId().equals(leavingMemberId)) {
                continue;
            }
            ClassicMemberMetadata classic = member.classicMetadata().orElseThrow();
            converted.add(new ClassicGroup.ConvertedMember(new JoinRequest(member.memberId(), member.instanceId(),
                    member.clientId(), member.clientHost(), classic.sessionTimeoutMs(), member.rebalanceTimeoutMs(),
                    EmbeddedConsumerProtocol.PROTOCOL_TYPE, classic.protocols(), false, false),
                    EmbeddedConsumerProtocol.assignment(group.byName(group.targetOf(member.memberId())),
                            classic.subscriptionVersion())));
        }
        group.markDead();
        return ClassicGroup.converted(group.groupId(), classicConfig, group.groupEpoch(), converted, nowMs);
    }

    private static PartitionAssignment byId(Map<String, Set<Integer>> byName, TopicMetadataLookup topics) {
        Map<TopicId, Set<Integer>> byId = new HashMap<>();
        byName.forEach((name, partitions) -> topics.find(name).ifPresent(topic -> byId.put(topic.id(), partitions)));
        return new PartitionAssignment(byId);
    }
}
