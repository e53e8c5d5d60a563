package io.hexalog.application.fake;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Committed offsets in a map of maps, for service tests. */
public final class InMemoryCommittedOffsetStoreFake implements CommittedOffsetStore {

    private final Map<GroupId, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();

    @Override
    public synchronized void commit(GroupId group, Map<TopicPartition, CommittedOffset> committed) {
        offsets.computeIfAbsent(group, id -> new HashMap<>()).putAll(committed);
    }

    @Override
    public synchronized Map<TopicPartition, CommittedOffset> offsets(GroupId group) {
        return Map.copyOf(offsets.getOrDefault(group, Map.of()));
    }

    @Override
    public synchronized Set<GroupId> groups() {
        return Set.copyOf(offsets.keySet());
    }

    @Override
    public synchronized void delete(GroupId group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> ofGroup = offsets.get(group);
        if (ofGroup != null) {
            partitions.forEach(ofGroup::remove);
            if (ofGroup.isEmpty()) {
                offsets.remove(group);
            }
        }
    }

    @Override
    public synchronized void deleteGroup(GroupId group) {
        offsets.remove(group);
    }

    @Override
    public synchronized void deleteTopic(TopicName topic) {
        for (GroupId group : Set.copyOf(offsets.keySet())) {
            delete(group, offsets.get(group).keySet().stream().filter(partition -> partition.topic().equals(topic)).toList());
        }
    }
}
