package io.hexalog.application.service;

import io.hexalog.application.port.in.ConsumerGroupHeartbeatUseCase;
import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.consumer.ConsumerGroup;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.group.consumer.ConsumerGroupTimeouts;
import io.hexalog.domain.group.consumer.ConsumerGroupOutcome;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.TopicMetadataLookup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The group coordinator of the consumer protocol (KIP-848): hands each ConsumerGroupHeartbeat to its group,
 * with the topics that exist now, and describes the groups. A group ID names either a classic group or a
 * consumer group. A classic group becomes a consumer group when a consumer-protocol member joins it: at once if
 * it is empty (its committed offsets stay), and with its members, who stay classic members of the consumer group,
 * if {@code group.consumer.migration.policy} allows upgrades; otherwise the member gets GROUP_ID_NOT_FOUND. When
 * the last consumer-protocol member leaves a group whose other members are classic, or is fenced by its session or
 * rebalance timeout, the group becomes a classic group again if the policy allows downgrades. A group's own
 * {@code consumer.session.timeout.ms} and {@code consumer.heartbeat.interval.ms} apply from its members' next heartbeat.
 * Heartbeats run on the group's line of the executor for blocking work, one at a time per group, since one that
 * changes the group waits until its durable state is written (see {@link ConsumerGroupSlot}).
 */
final class ConsumerGroupCoordinator implements ConsumerGroupHeartbeatUseCase, ConsumerGroupsQuery {

    private static final System.Logger LOG = System.getLogger(ConsumerGroupCoordinator.class.getName());

    private final ConsumerGroupTable groups;
    private final GroupTable classicGroups;
    private final TopicMetadataLookup topics;
    private final Supplier<UUID> memberIds;
    private final KeyedSerialExecutor<GroupId> groupLines;

    /**
     * @param groups     the groups, which know their members' session timeout and heartbeat interval (asked at every
     *                   heartbeat)
     * @param groupLines where heartbeats run, one group's after another
     */
    ConsumerGroupCoordinator(ConsumerGroupTable groups, GroupTable classicGroups, TopicCatalog topics,
                             Supplier<UUID> memberIds, KeyedSerialExecutor<GroupId> groupLines) {
        this.groups = groups;
        this.classicGroups = classicGroups;
        this.topics = new CatalogTopicMetadata(topics);
        this.memberIds = memberIds;
        this.groupLines = groupLines;
    }

    @Override
    public CompletableFuture<HeartbeatResult> heartbeat(GroupId groupId, ConsumerGroupHeartbeat request) {
        return groupLines.submit(groupId, () -> answer(groupId, request));
    }

    private HeartbeatResult answer(GroupId groupId, ConsumerGroupHeartbeat request) {
        ConsumerGroupSlot slot = groups.find(groupId).orElseGet(() -> create(groupId, request));
        ConsumerGroupTimeouts groupTimeouts = groups.timeouts(groupId);
        if (request.memberEpoch() == ConsumerGroupHeartbeat.LEAVE_EPOCH && downgradeOnLeave(groupId, slot, request)) {
            return new HeartbeatResult(request.memberId(), ConsumerGroupHeartbeat.LEAVE_EPOCH,
                    groupTimeouts.heartbeatIntervalMs(), Optional.empty());
        }
        UUID freshId = memberIds.get();
        return slot.answer((group, now) -> group.heartbeat(request, topics, now, freshId, groupTimeouts));
    }

    /** Only a member joining creates a group; a classic group of that ID gives way to it or is upgraded. */
    private ConsumerGroupSlot create(GroupId groupId, ConsumerGroupHeartbeat request) {
        if (request.memberEpoch() != ConsumerGroupHeartbeat.JOIN_EPOCH) {
            throw new UnknownMemberIdException("Consumer group " + groupId + " does not exist on this coordinator:"
                    + " rejoin");
        }
        Optional<GroupSlot> classic = classicGroups.find(groupId);
        if (classic.isPresent()) {
            GroupState state = classic.get().locked(group -> group.state());
            if (state != GroupState.EMPTY && state != GroupState.DEAD) {
                return upgrade(groupId, classic.get());
            }
            classicGroups.remove(groupId, classic.get());
        }
        return groups.findOrCreate(groupId);
    }

    /** A classic group with members becomes a consumer group, its members classic members of it. */
    private ConsumerGroupSlot upgrade(GroupId groupId, GroupSlot classic) {
        ConsumerGroupConfig config = groups.config();
        ConsumerGroupSlot upgraded = classic.locked(group -> {
            if (!ConsumerGroup.canUpgrade(group, config)) {
                LOG.log(System.Logger.Level.INFO, "Classic group {0} is not upgraded to a consumer group: the"
                        + " migration policy is {1}, its protocol type {2}, its members {3}", groupId.value(),
                        config.migrationPolicy().configName(), group.protocolType().orElse("none"),
                        String.valueOf(group.members().size()));
                throw new GroupIdNotFoundException("Group " + groupId + " is not a consumer group.");
            }
            ConsumerGroupOutcome<ConsumerGroup> converted = ConsumerGroup.fromClassicGroup(group, config, topics,
                    classic.now());
            if (converted.error().isPresent()) {
                throw converted.error().get();
            }
            return groups.adopt(groupId, converted.result().orElseThrow(), converted.timers());
        });
        classicGroups.removeUpgraded(groupId, classic);
        int members = upgraded.locked(group -> group.members().size());
        LOG.log(System.Logger.Level.INFO, "Classic group {0} became a consumer group with {1} classic members",
                groupId.value(), String.valueOf(members));
        return upgraded;
    }

    /**
     * The last consumer-protocol member leaves a group of classic members: the group goes back to being a classic
     * group, without the leaver, if the migration policy allows it.
     *
     * @return whether it did (and the member has left)
     */
    private boolean downgradeOnLeave(GroupId groupId, ConsumerGroupSlot slot, ConsumerGroupHeartbeat leave) {
        boolean downgrades = slot.locked(group -> group.downgradesOnLeaveOf(leave.memberId())
                && leave.instanceId().equals(group.member(leave.memberId()).orElseThrow().instanceId()));
        if (downgrades) {
            groups.downgrade(slot, leave.memberId());
        }
        return downgrades;
    }

    @Override
    public Optional<ConsumerGroupDescription> describeConsumerGroup(GroupId groupId) {
        return groups.find(groupId).flatMap(slot -> slot.locked(group -> group.state() == ConsumerGroupState.DEAD
                ? Optional.empty() : Optional.of(group.describe())));
    }

    @Override
    public List<Listing> listConsumerGroups() {
        List<Listing> listed = new ArrayList<>();
        groups.snapshot().forEach((id, slot) -> {
            ConsumerGroupState state = slot.locked(group -> group.state());
            if (state != ConsumerGroupState.DEAD) {
                listed.add(new Listing(id, state));
            }
        });
        listed.sort(Comparator.comparing(Listing::groupId));
        return listed;
    }
}
