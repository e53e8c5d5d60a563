package io.hexalog.application.service;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.domain.cluster.ReplicatedCommand;
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
 * it reaches every broker's store, and reads come from this broker's store. Blocks like the store: a change
 * until it has been applied here, a read until the store has answered. Never call from an event loop.
 */
final class GroupOffsets {

    private final ReplicatedLog log;
    private final CommittedOffsetStore local;

    GroupOffsets(ReplicatedLog log, CommittedOffsetStore local) {
        this.log = log;
        this.local = local;
    }

    public void commit(GroupId group, Map<TopicPartition, CommittedOffset> offsets) {
        FutureFailures.await(log.submit(new ReplicatedCommand.CommitOffsets(group, offsets)));
    }

    public Map<TopicPartition, CommittedOffset> offsets(GroupId group) {
        return local.offsets(group);
    }

    public Set<GroupId> groups() {
        return local.groups();
    }

    public void delete(GroupId group, Collection<TopicPartition> partitions) {
        FutureFailures.await(log.submit(new ReplicatedCommand.DeleteOffsets(group, List.copyOf(partitions))));
    }

    public void deleteGroup(GroupId group) {
        FutureFailures.await(log.submit(new ReplicatedCommand.DeleteGroupOffsets(group)));
    }

    public void deleteTopic(TopicName topic) {
        FutureFailures.await(log.submit(new ReplicatedCommand.DeleteTopicOffsets(topic)));
    }
}
