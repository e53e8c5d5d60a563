package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offsets in a map per group. Each group's map is replaced whole under the store's lock, so a reader
 * never sees half of a commit.
 */
final class InMemoryCommittedOffsetStore implements CommittedOffsetStore {

    private final Map<GroupId, Map<TopicPartition, CommittedOffset>> byGroup = new ConcurrentHashMap<>();

    @Override
    public synchronized void commit(GroupId group, Map<TopicPartition, CommittedOffset> offsets) {
        Map<TopicPartition, CommittedOffset> updated = new HashMap<>(byGroup.getOrDefault(group, Map.of()));
        updated.putAll(offsets);
        replace(group, updated);
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(GroupId group) {
        return byGroup.getOrDefault(group, Map.of());
    }

    @Override
    public Set<GroupId> groups() {
        return Set.copyOf(byGroup.keySet());
    }

    @Override
    public synchronized void delete(GroupId group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> updated = new HashMap<>(byGroup.getOrDefault(group, Map.of()));
        partitions.forEach(updated::remove);
        replace(group, updated);
    }

    @Override
    public synchronized void deleteGroup(GroupId group) {
        byGroup.remove(group);
    }

    @Override
    public synchronized void deleteTopic(TopicName topic) {
        for (GroupId group : Set.copyOf(byGroup.keySet())) {
            Map<TopicPartition, CommittedOffset> updated = new HashMap<>(byGroup.get(group));
            updated.keySet().removeIf(partition -> partition.topic().equals(topic));
            replace(group, updated);
        }
    }

    private void replace(GroupId group, Map<TopicPartition, CommittedOffset> offsets) {
        if (offsets.isEmpty()) {
            byGroup.remove(group);
        } else {
            byGroup.put(group, Map.copyOf(offsets));
        }
    }
}
