package io.hexalog.application.service;

import io.hexalog.application.port.in.DeleteGroupsUseCase;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.GroupListing;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.GroupSubscribedToTopicException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Describes, lists and deletes groups. A group this broker knows only from its stored offsets (after a
 * restart, or written by the admin client) is an empty group without a protocol type. The offset store
 * blocks, so whatever reads or changes it runs on the executor for blocking work, and never while the group is
 * locked; deletions run in the group's line, in order with its offset commits.
 */
public final class GroupAdminService implements DescribeGroupsQuery, DeleteGroupsUseCase {

    private final GroupTable groups;
    private final ConsumerGroupTable consumerGroups;
    private final GroupOffsets store;
    private final KeyedSerialExecutor<GroupId> groupLines;
    private final Executor blocking;

    /**
     * @param groupLines where the changes to a group's offsets run, one at a time per group
     * @param blocking   where reads of the offset store run
     */
    GroupAdminService(GroupTable groups, ConsumerGroupTable consumerGroups, GroupOffsets store,
                      KeyedSerialExecutor<GroupId> groupLines, Executor blocking) {
        this.groups = groups;
        this.consumerGroups = consumerGroups;
        this.store = store;
        this.groupLines = groupLines;
        this.blocking = blocking;
    }

    /**
     * A group the coordinator holds is described at once; any other is looked for among the stored offsets. A
     * consumer group is not a classic group: it is not found here, as Kafka answers DescribeGroups for it.
     */
    @Override
    public CompletableFuture<Optional<GroupDescription>> describeGroup(GroupId groupId) {
        if (consumerGroups.find(groupId).isPresent()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<GroupSlot> slot = groups.find(groupId);
        if (slot.isPresent()) {
            return CompletableFuture.completedFuture(slot.get().locked(group -> group.state() == GroupState.DEAD
                    ? Optional.empty() : Optional.of(group.describe())));
        }
        return CompletableFuture.supplyAsync(() -> hasOffsets(groupId)
                ? Optional.of(new GroupDescription(groupId, GroupState.EMPTY, Optional.empty(), Optional.empty(), List.of()))
                : Optional.empty(), blocking);
    }

    @Override
    public CompletableFuture<List<GroupListing>> listGroups() {
        return CompletableFuture.supplyAsync(this::listing, blocking);
    }

    private List<GroupListing> listing() {
        Map<GroupId, GroupListing> listings = new LinkedHashMap<>();
        store.groups().forEach(id -> listings.put(id, new GroupListing(id, Optional.empty(), GroupState.EMPTY)));
        groups.snapshot().forEach((id, slot) -> slot.locked(group -> {
            if (group.state() == GroupState.DEAD) {
                listings.remove(id);
            } else {
                listings.put(id, new GroupListing(id, group.protocolType(), group.state()));
            }
            return null;
        }));
        consumerGroups.snapshot().keySet().forEach(listings::remove);
        List<GroupListing> sorted = new ArrayList<>(listings.values());
        sorted.sort(Comparator.comparing(GroupListing::groupId));
        return sorted;
    }

    @Override
    public CompletableFuture<Void> deleteGroup(GroupId groupId) {
        return groupLines.submit(groupId, () -> {
            delete(groupId);
            return null;
        });
    }

    private void delete(GroupId groupId) {
        Optional<ConsumerGroupSlot> consumerGroup = consumerGroups.find(groupId);
        if (consumerGroup.isPresent()) {
            if (consumerGroup.get().locked(group -> group.delete()) instanceof Decision.Rejected rejected) {
                throw rejected.error();
            }
            store.deleteGroup(groupId);
            consumerGroups.remove(groupId, consumerGroup.get());
            return;
        }
        Optional<GroupSlot> slot = groups.find(groupId);
        if (slot.isPresent()) {
            Decision deleted = slot.get().locked(group -> group.delete(slot.get().now()));
            if (deleted instanceof Decision.Rejected rejected) {
                throw rejected.error();
            }
            store.deleteGroup(groupId);
            groups.remove(groupId, slot.get());
        } else if (hasOffsets(groupId)) {
            store.deleteGroup(groupId);
        } else {
            throw new GroupIdNotFoundException("Group " + groupId + " does not exist");
        }
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> deleteOffsets(
            GroupId groupId, Collection<TopicPartition> partitions) {
        List<TopicPartition> named = List.copyOf(partitions);
        return groupLines.submit(groupId, () -> deleteOffsetsNow(groupId, named));
    }

    private Map<TopicPartition, Optional<HexalogException>> deleteOffsetsNow(GroupId groupId,
                                                                             List<TopicPartition> partitions) {
        Optional<ConsumerGroupSlot> consumerGroup = consumerGroups.find(groupId);
        if (consumerGroup.isPresent()) {
            return deleteOffsetsNow(groupId, partitions,
                    topic -> consumerGroup.get().locked(group -> group.isSubscribedTo(topic)));
        }
        Optional<GroupSlot> slot = groups.find(groupId);
        if (slot.isPresent()) {
            Map<TopicPartition, Optional<HexalogException>> results = new LinkedHashMap<>();
            List<TopicPartition> deletable = new ArrayList<>();
            slot.get().locked(group -> {
                if (group.checkOffsetDelete() instanceof Decision.Rejected rejected) {
                    throw rejected.error();
                }
                for (TopicPartition partition : partitions) {
                    if (group.isSubscribedTo(partition.topic().value())) {
                        results.put(partition, Optional.of(new GroupSubscribedToTopicException("Group " + groupId
                                + " is subscribed to " + partition.topic())));
                    } else {
                        deletable.add(partition);
                        results.put(partition, Optional.empty());
                    }
                }
                return null;
            });
            store.delete(groupId, deletable);
            return results;
        }
        if (!hasOffsets(groupId)) {
            throw new GroupIdNotFoundException("Group " + groupId + " does not exist");
        }
        store.delete(groupId, partitions);
        Map<TopicPartition, Optional<HexalogException>> results = new LinkedHashMap<>();
        partitions.forEach(partition -> results.put(partition, Optional.empty()));
        return results;
    }

    /** Deletes the offsets of topics no member subscribes to (GROUP_SUBSCRIBED_TO_TOPIC for the others). */
    private Map<TopicPartition, Optional<HexalogException>> deleteOffsetsNow(GroupId groupId, List<TopicPartition> partitions,
                                                                             Predicate<String> subscribed) {
        Map<TopicPartition, Optional<HexalogException>> results = new LinkedHashMap<>();
        List<TopicPartition> deletable = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            if (subscribed.test(partition.topic().value())) {
                results.put(partition, Optional.of(new GroupSubscribedToTopicException("Group " + groupId
                        + " is subscribed to " + partition.topic())));
            } else {
                deletable.add(partition);
                results.put(partition, Optional.empty());
            }
        }
        store.delete(groupId, deletable);
        return results;
    }

    private boolean hasOffsets(GroupId groupId) {
        return !store.offsets(groupId).isEmpty();
    }
}
