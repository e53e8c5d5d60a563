package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsUseCase;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.OffsetMetadataPolicy;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Commits and reads consumer group offsets. A commit is checked against the group's generation and written
 * while the group is locked, so that no rebalance slips in between.
 */
public final class OffsetService implements CommitOffsetsUseCase, FetchOffsetsQuery {

    private final GroupTable groups;
    private final CommittedOffsetStore store;
    private final TopicCatalog topics;
    private final OffsetMetadataPolicy metadataPolicy;

    public OffsetService(GroupTable groups, CommittedOffsetStore store, TopicCatalog topics, GroupCoordinatorConfig settings) {
        this.groups = groups;
        this.store = store;
        this.topics = topics;
        this.metadataPolicy = settings.metadataPolicy();
    }

    @Override
    public Map<TopicPartition, Optional<HexalogException>> commitOffsets(CommitOffsetsCommand command) {
        GroupId groupId = command.groupId();
        // Without a generation the commit comes from outside group management: it may create a group.
        GroupSlot slot = command.generationId() < 0 ? groups.findOrCreate(groupId) : groups.find(groupId)
                .orElseThrow(() -> new GroupIdNotFoundException("Group " + groupId + " does not exist"));
        return slot.locked(group -> {
            Decision commit = group.checkOffsetCommit(command.memberId(), command.groupInstanceId(),
                    command.generationId());
            if (commit instanceof Decision.Rejected rejected) {
                throw rejected.error();
            }
            long now = slot.now();
            Map<TopicPartition, Optional<HexalogException>> results = new LinkedHashMap<>();
            Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
            command.offsets().forEach((partition, offset) -> {
                Decision decision = partitionExists(partition).andThen(() -> metadataPolicy.check(offset.metadata()));
                if (decision instanceof Decision.Rejected rejected) {
                    results.put(partition, Optional.of(rejected.error()));
                } else {
                    accepted.put(partition, new CommittedOffset(offset.offset(), offset.leaderEpoch(),
                            offset.metadata() == null ? "" : offset.metadata(), now));
                    results.put(partition, Optional.empty());
                }
            });
            if (!accepted.isEmpty()) {
                store.commit(groupId, accepted);
            }
            return results;
        });
    }

    private Decision partitionExists(TopicPartition partition) {
        boolean exists = topics.find(partition.topic()).filter(topic -> topic.hasPartition(partition.partition())).isPresent();
        return exists ? Decision.accept()
                : Decision.reject(new UnknownTopicOrPartitionException("Partition " + partition + " does not exist"));
    }

    @Override
    public Map<TopicPartition, CommittedOffset> committedOffsets(GroupId group) {
        return store.offsets(group);
    }

    @Override
    public Map<TopicPartition, CommittedOffset> committedOffsets(GroupId group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, CommittedOffset> all = store.offsets(group);
        Map<TopicPartition, CommittedOffset> wanted = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            CommittedOffset offset = all.get(partition);
            if (offset != null) {
                wanted.put(partition, offset);
            }
        }
        return wanted;
    }
}
