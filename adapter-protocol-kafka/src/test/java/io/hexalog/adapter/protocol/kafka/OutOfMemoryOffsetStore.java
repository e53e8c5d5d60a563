package io.hexalog.adapter.protocol.kafka;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** A committed offset store that runs out of memory on every commit; it reads and deletes as the memory store. */
final class OutOfMemoryOffsetStore implements CommittedOffsetStore {

    private final CommittedOffsetStore offsets = new InMemoryStorage().committedOffsetStore();

    @Override
    public void commit(GroupId group, Map<TopicPartition, CommittedOffset> committed) {
        throw new OutOfMemoryError("Java heap space");
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(GroupId group) {
        return offsets.offsets(group);
    }

    @Override
    public Set<GroupId> groups() {
        return offsets.groups();
    }

    @Override
    public void delete(GroupId group, Collection<TopicPartition> partitions) {
        offsets.delete(group, partitions);
    }

    @Override
    public void deleteGroup(GroupId group) {
        offsets.deleteGroup(group);
    }

    @Override
    public void deleteTopic(TopicName topic) {
        offsets.deleteTopic(topic);
    }
}
