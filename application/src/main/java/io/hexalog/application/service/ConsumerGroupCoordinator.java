package io.hexalog.application.service;

import io.hexalog.application.port.in.ConsumerGroupHeartbeatUseCase;
import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.ConsumerGroupState;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.TopicMetadata;
import io.hexalog.domain.group.consumer.TopicMetadataLookup;
import io.hexalog.domain.topic.TopicName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The group coordinator of the consumer protocol (KIP-848): hands each ConsumerGroupHeartbeat to its group,
 * with the topics that exist now, and describes the groups. A group ID names either a classic group or a
 * consumer group: an empty classic group becomes a consumer group when a consumer-protocol member joins it (its
 * committed offsets stay), a classic group with members refuses it with GROUP_ID_NOT_FOUND.
 */
final class ConsumerGroupCoordinator implements ConsumerGroupHeartbeatUseCase, ConsumerGroupsQuery {

    private final ConsumerGroupTable groups;
    private final GroupTable classicGroups;
    private final TopicMetadataLookup topics;
    private final Supplier<UUID> memberIds;

    ConsumerGroupCoordinator(ConsumerGroupTable groups, GroupTable classicGroups, TopicCatalog topics,
                             Supplier<UUID> memberIds) {
        this.groups = groups;
        this.classicGroups = classicGroups;
        this.topics = new TopicMetadataLookup() {
            @Override
            public Optional<TopicMetadata> find(String topicName) {
                return ConsumerGroupCoordinator.find(topics, topicName);
            }

            @Override
            public Collection<TopicMetadata> all() {
                return topics.list().stream().map(topic -> new TopicMetadata(topic.id(), topic.name().value(),
                        topic.partitionCount())).toList();
            }
        };
        this.memberIds = memberIds;
    }

    @Override
    public HeartbeatResult heartbeat(GroupId groupId, ConsumerGroupHeartbeat request) {
        ConsumerGroupSlot slot = groups.find(groupId).orElseGet(() -> create(groupId, request));
        UUID freshId = memberIds.get();
        return slot.answer((group, now) -> group.heartbeat(request, topics, now, freshId));
    }

    /** Only a member joining creates a group; an empty classic group of that ID gives way to it. */
    private ConsumerGroupSlot create(GroupId groupId, ConsumerGroupHeartbeat request) {
        if (request.memberEpoch() != ConsumerGroupHeartbeat.JOIN_EPOCH) {
            throw new UnknownMemberIdException("Consumer group " + groupId + " does not exist on this coordinator:"
                    + " rejoin");
        }
        classicGroups.find(groupId).ifPresent(classic -> {
            GroupState state = classic.locked(group -> group.state());
            if (state != GroupState.EMPTY && state != GroupState.DEAD) {
                throw new GroupIdNotFoundException("Group " + groupId + " is not a consumer group.");
            }
            classicGroups.remove(groupId, classic);
        });
        return groups.findOrCreate(groupId);
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

    private static Optional<TopicMetadata> find(TopicCatalog catalog, String name) {
        TopicName topicName;
        try {
            topicName = new TopicName(name);
        } catch (InvalidTopicException e) {
            return Optional.empty();
        }
        return catalog.find(topicName).map(topic -> new TopicMetadata(topic.id(), name, topic.partitionCount()));
    }
}
