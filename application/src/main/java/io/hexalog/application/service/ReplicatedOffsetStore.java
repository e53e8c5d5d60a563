package io.hexalog.application.service;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The committed offsets as the group services see them: every change goes through the replicated log, so that
 * it reaches every broker's store, and reads come from this broker's store. Blocks like the store it stands
 * for: a change until it has been applied here.
 */
final class ReplicatedOffsetStore implements CommittedOffsetStore {

    private final ReplicatedLog log;
    private final CommittedOffsetStore local;

    ReplicatedOffsetStore(ReplicatedLog log, CommittedOffsetStore local) {
        this.log = log;
        this.local = local;
    }

    @Override
    public void commit(GroupId group, Map<TopicPartition, CommittedOffset> offsets) {
        FutureFailures.await(log.submit(new ReplicatedCommand.CommitOffsets(group, offsets)));
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(GroupId group) {
        return local.offsets(group);
    }

    @Override
    public Set<GroupId> groups() {
        return local.groups();
    }

    @Override
    public void delete(GroupId group, Collection<TopicPartition> partitions) {
        FutureFailures.await(log.submit(new ReplicatedCommand.DeleteOffsets(group, List.copyOf(partitions))));
    }

    @Override
    public void deleteGroup(GroupId group) {
        FutureFailures.await(log.submit(new ReplicatedCommand.DeleteGroupOffsets(group)));
    }

    @Override
    public void deleteTopic(TopicName topic) {
        FutureFailures.await(log.submit(new ReplicatedCommand.DeleteTopicOffsets(topic)));
    }
}
