package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsUseCase;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.ClassicGroup;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.OffsetMetadataPolicy;
import io.hexalog.domain.group.consumer.ConsumerGroup;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Commits and reads consumer group offsets. The offset store blocks, so every call runs on the executor for
 * blocking work: commits in their group's line, so that the commits of one group are stored in the order they
 * were made while those of different groups proceed in parallel. A commit is checked against the group's
 * generation under the group's lock and written after the lock is released, so that JoinGroup, SyncGroup and
 * Heartbeat never wait for storage; whatever else changes the group's offsets (deletion, expiry) runs in the
 * same line, so nothing comes between the check and the write that could undo it.
 */
public final class OffsetService implements CommitOffsetsUseCase, FetchOffsetsQuery {

    /** What an unmanaged commit looks like to the group's checks (Kafka's wire values). */
    private static final String NO_MEMBER_ID = "";
    private static final int NO_GENERATION = -1;

    private final GroupTable groups;
    private final ConsumerGroupTable consumerGroups;
    private final GroupOffsets store;
    private final TopicCatalog topics;
    private final OffsetMetadataPolicy metadataPolicy;
    private final KeyedSerialExecutor<GroupId> groupLines;
    private final Executor blocking;

    /**
     * @param groupLines where the changes to a group's offsets run, one at a time per group
     * @param blocking   where reads run
     */
    OffsetService(GroupTable groups, ConsumerGroupTable consumerGroups, GroupOffsets store, TopicCatalog topics,
                  GroupCoordinatorConfig settings, KeyedSerialExecutor<GroupId> groupLines, Executor blocking) {
        this.groups = groups;
        this.consumerGroups = consumerGroups;
        this.store = store;
        this.topics = topics;
        this.metadataPolicy = settings.metadataPolicy();
        this.groupLines = groupLines;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> commitOffsets(CommitOffsetsCommand command) {
        return groupLines.submit(command.groupId(), () -> commit(command));
    }

    private Map<TopicPartition, Optional<HexalogException>> commit(CommitOffsetsCommand command) {
        GroupId groupId = command.groupId();
        Committer committer = command.committer();
        Optional<ConsumerGroupSlot> consumerGroup = consumerGroups.find(groupId);
        Decision allowed;
        long now;
        Map<TopicPartition, Decision> byPartition = Map.of();
        if (consumerGroup.isPresent()) {
            allowed = consumerGroup.get().locked(group -> check(group, committer));
            byPartition = consumerGroup.get().locked(group -> checkPartitions(group, committer,
                    command.offsets().keySet()));
            now = consumerGroup.get().now();
        } else {
            GroupSlot slot = mayCreateGroup(committer) ? groups.findOrCreate(groupId) : groups.find(groupId)
                    .orElseThrow(() -> unknownGroup(groupId, committer));
            allowed = slot.locked(group -> check(group, committer));
            now = slot.now();
        }
        if (allowed instanceof Decision.Rejected rejected) {
            throw rejected.error();
        }
        Map<TopicPartition, Optional<HexalogException>> results = new LinkedHashMap<>();
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        Map<TopicPartition, Decision> memberMayCommit = byPartition;
        command.offsets().forEach((partition, offset) -> {
            Decision decision = partitionExists(partition)
                    .andThen(() -> memberMayCommit.getOrDefault(partition, Decision.accept()))
                    .andThen(() -> metadataPolicy.check(offset.metadata()));
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
    }

    /** Without a generation the commit comes from outside group management, as Kafka sees it: it may create a group. */
    private static boolean mayCreateGroup(Committer committer) {
        return !(committer instanceof Committer.Member member) || member.generationId().isEmpty();
    }

    /**
     * A member commits to a group this coordinator does not hold. Groups live in the coordinator's memory, so a
     * member it names may belong to a group lost with the previous coordinator (a failover or a restart): it is
     * told it is unknown, as Kafka tells a member its group no longer has, and rejoins; GROUP_ID_NOT_FOUND would
     * end the Java consumer. A commit naming no member gets Kafka's GROUP_ID_NOT_FOUND.
     */
    private static HexalogException unknownGroup(GroupId groupId, Committer committer) {
        if (committer instanceof Committer.Member member && !member.memberId().isEmpty()) {
            return new UnknownMemberIdException("Member " + member.memberId() + " is not in group " + groupId
                    + " on this coordinator: rejoin");
        }
        return new GroupIdNotFoundException("Group " + groupId + " does not exist");
    }

    private static Decision check(ClassicGroup group, Committer committer) {
        if (committer instanceof Committer.Member member) {
            return group.checkOffsetCommit(member.memberId(), member.groupInstanceId(),
                    member.generationId().orElse(NO_GENERATION));
        }
        return group.checkOffsetCommit(NO_MEMBER_ID, Optional.empty(), NO_GENERATION);
    }

    /** A member of a consumer group commits with its member epoch where a classic member sends its generation. */
    private static Decision check(ConsumerGroup group, Committer committer) {
        if (committer instanceof Committer.Member member) {
            return group.checkOffsetCommit(member.memberId(), member.generationId().orElse(NO_GENERATION));
        }
        return group.checkOffsetCommit(NO_MEMBER_ID, NO_GENERATION);
    }

    /** A member committing with an older epoch may do so only for partitions it has owned since (KIP-1251). */
    private Map<TopicPartition, Decision> checkPartitions(ConsumerGroup group, Committer committer,
                                                         Collection<TopicPartition> partitions) {
        Map<TopicPartition, Decision> decisions = new LinkedHashMap<>();
        if (committer instanceof Committer.Member member && member.generationId().isPresent()) {
            for (TopicPartition partition : partitions) {
                topics.find(partition.topic()).ifPresent(topic -> decisions.put(partition, group.checkPartitionCommit(
                        member.memberId(), member.generationId().getAsInt(), topic.id(), partition.partition())));
            }
        }
        return decisions;
    }

    private Decision partitionExists(TopicPartition partition) {
        boolean exists = topics.find(partition.topic()).filter(topic -> topic.hasPartition(partition.partition())).isPresent();
        return exists ? Decision.accept()
                : Decision.reject(new UnknownTopicOrPartitionException("Partition " + partition + " does not exist"));
    }

    @Override
    public CompletableFuture<Map<TopicPartition, CommittedOffset>> committedOffsets(GroupId group) {
        try {
            groups.checkCoordinating();
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> store.offsets(group), blocking);
    }

    @Override
    public CompletableFuture<Void> checkFetchingMember(GroupId group, Optional<String> memberId, int memberEpoch) {
        try {
            Optional<ConsumerGroupSlot> consumerGroup = consumerGroups.find(group);
            if (consumerGroup.isPresent() && consumerGroup.get().locked(found -> found.checkOffsetFetch(memberId,
                    memberEpoch)) instanceof Decision.Rejected rejected) {
                return CompletableFuture.failedFuture(rejected.error());
            }
            return CompletableFuture.completedFuture(null);
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Map<TopicPartition, CommittedOffset>> committedOffsets(GroupId group,
                                                                                   Collection<TopicPartition> partitions) {
        return committedOffsets(group).thenApply(all -> {
            Map<TopicPartition, CommittedOffset> wanted = new LinkedHashMap<>();
            for (TopicPartition partition : partitions) {
                CommittedOffset offset = all.get(partition);
                if (offset != null) {
                    wanted.put(partition, offset);
                }
            }
            return wanted;
        });
    }
}
