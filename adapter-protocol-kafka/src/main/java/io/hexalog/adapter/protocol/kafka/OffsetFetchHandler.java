package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.TxnOffsetCommitUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch: one group in versions 1 to 7 (null topics meaning all, from version 2), several groups from
 * version 8 (KIP-709), topics by ID in version 10. A partition without a committed offset answers -1, also
 * when no topic has its topic's name (whether or not the name is valid), as in Kafka.
 * With {@code requireStable} (v7+, KIP-447), a partition with offsets committed in a transaction that has not
 * ended answers UNSTABLE_OFFSET_COMMIT instead of an offset, and the client asks again.
 */
final class OffsetFetchHandler extends AbstractApiHandler<OffsetFetchRequestData, OffsetFetchResponseData> {

    private static final short FIRST_VERSION_WITH_TOP_LEVEL_ERROR = 2;
    private static final short FIRST_MULTI_GROUP_VERSION = 8;
    private static final short FIRST_VERSION_WITH_MEMBER = 9;
    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 10;
    private static final long NO_OFFSET = -1;
    private static final int NO_LEADER_EPOCH = -1;

    private final FetchOffsetsQuery offsets;
    private final DescribeTopicsQuery topics;
    private final TopicResolver resolver;
    private final TxnOffsetCommitUseCase transactionalOffsets;

    OffsetFetchHandler(FetchOffsetsQuery offsets, DescribeTopicsQuery topics, TopicResolver resolver,
                       TxnOffsetCommitUseCase transactionalOffsets) {
        super(ApiKeys.OFFSET_FETCH, 1, 10);
        this.offsets = offsets;
        this.topics = topics;
        this.resolver = resolver;
        this.transactionalOffsets = transactionalOffsets;
    }

    @Override
    public CompletableFuture<OffsetFetchResponseData> handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        if (version >= FIRST_MULTI_GROUP_VERSION) {
            boolean byId = version >= FIRST_VERSION_WITH_TOPIC_IDS;
            List<CompletableFuture<OffsetFetchResponseGroup>> groups = request.groups().stream()
                    .map(group -> version >= FIRST_VERSION_WITH_MEMBER
                            ? fetchForMember(group, byId, request.requireStable())
                            : fetchStable(group, byId, request.requireStable())).toList();
            return Futures.all(groups).thenApply(done -> {
                OffsetFetchResponseData response = new OffsetFetchResponseData();
                groups.forEach(group -> response.groups().add(group.join()));
                return response;
            });
        }
        return fetchStable(new OffsetFetchRequestGroup()
                .setGroupId(request.groupId())
                .setTopics(request.topics() == null ? null : request.topics().stream()
                        .map(topic -> new OffsetFetchRequestTopics().setName(topic.name())
                                .setPartitionIndexes(topic.partitionIndexes())).toList()), false,
                        request.requireStable())
                .thenApply(answer -> singleGroup(answer, version));
    }

    /**
     * The group's offsets for the member the request names (v9+): a member of a consumer group must be at its
     * current epoch, or the group is answered with the error alone, as Kafka answers it.
     */
    private CompletableFuture<OffsetFetchResponseGroup> fetchForMember(OffsetFetchRequestGroup requested, boolean byId,
                                                                      boolean requireStable) {
        if (requested.memberId() == null && requested.memberEpoch() < 0) {
            return fetchStable(requested, byId, requireStable);
        }
        GroupId groupId;
        try {
            groupId = GroupId.of(requested.groupId());
        } catch (HexalogException e) {
            return fetchStable(requested, byId, requireStable);
        }
        return offsets.checkFetchingMember(groupId, Optional.ofNullable(requested.memberId()), requested.memberEpoch())
                .handle((allowed, failure) -> failure == null ? fetchStable(requested, byId, requireStable)
                        : CompletableFuture.completedFuture(new OffsetFetchResponseGroup()
                                .setGroupId(requested.groupId()).setErrorCode(ErrorMapping.toError(failure).code())))
                .thenCompose(answer -> answer);
    }

    /** The group's offsets; with {@code requireStable}, none of a partition whose offsets a transaction holds. */
    private CompletableFuture<OffsetFetchResponseGroup> fetchStable(OffsetFetchRequestGroup requested, boolean byId,
                                                                   boolean requireStable) {
        if (!requireStable) {
            return fetchGroup(requested, byId);
        }
        GroupId groupId;
        try {
            groupId = GroupId.of(requested.groupId());
        } catch (HexalogException e) {
            return fetchGroup(requested, byId);
        }
        return transactionalOffsets.partitionsWithPendingOffsets(groupId).thenCombine(fetchGroup(requested, byId),
                (pending, answer) -> {
                    if (!pending.isEmpty()) {
                        markUnstable(answer, pending, byId);
                    }
                    return answer;
                });
    }

    private void markUnstable(OffsetFetchResponseGroup answer, Set<TopicPartition> pending, boolean byId) {
        for (OffsetFetchResponseTopics topic : answer.topics()) {
            Optional<TopicName> name = byId
                    ? topics.findTopic(TopicIds.fromWire(topic.topicId())).map(Topic::name)
                    : name(new OffsetFetchRequestTopics().setName(topic.name()), false);
            for (OffsetFetchResponsePartitions partition : topic.partitions()) {
                if (name.isPresent() && pending.contains(new TopicPartition(name.get(), partition.partitionIndex()))) {
                    partition.setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code()).setCommittedOffset(NO_OFFSET)
                            .setCommittedLeaderEpoch(NO_LEADER_EPOCH).setMetadata("");
                }
            }
        }
    }

    /** Versions before 8 answer for one group, in the response's own fields. */
    private static OffsetFetchResponseData singleGroup(OffsetFetchResponseGroup answer, short version) {
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        boolean topLevelError = version >= FIRST_VERSION_WITH_TOP_LEVEL_ERROR;
        if (topLevelError) {
            response.setErrorCode(answer.errorCode());
        }
        for (OffsetFetchResponseTopics topic : answer.topics()) {
            OffsetFetchResponseTopic single = new OffsetFetchResponseTopic().setName(topic.name());
            response.topics().add(single);
            topic.partitions().forEach(partition -> single.partitions().add(new OffsetFetchResponsePartition()
                    .setPartitionIndex(partition.partitionIndex())
                    .setCommittedOffset(partition.committedOffset())
                    .setCommittedLeaderEpoch(partition.committedLeaderEpoch())
                    .setMetadata(partition.metadata())
                    .setErrorCode(topLevelError ? partition.errorCode() : answer.errorCode() != 0
                            ? answer.errorCode() : partition.errorCode())));
        }
        return response;
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetchGroup(OffsetFetchRequestGroup requested, boolean byId) {
        OffsetFetchResponseGroup answer = new OffsetFetchResponseGroup().setGroupId(requested.groupId());
        GroupId groupId;
        try {
            groupId = GroupId.of(requested.groupId());
        } catch (HexalogException e) {
            requestedPartitions(requested, answer, byId, Map.of(), ErrorMapping.toError(e));
            return CompletableFuture.completedFuture(answer.setErrorCode(ErrorMapping.toError(e).code()));
        }
        if (requested.topics() == null) {
            return offsets.committedOffsets(groupId).thenApply(all -> {
                allOffsets(all, answer, byId);
                return answer;
            });
        }
        List<TopicPartition> partitions = new ArrayList<>();
        requested.topics().forEach(topic -> name(topic, byId).ifPresent(name -> topic.partitionIndexes()
                .forEach(index -> {
                    if (index >= 0) {
                        partitions.add(new TopicPartition(name, index));
                    }
                })));
        return offsets.committedOffsets(groupId, partitions).thenApply(found -> {
            requestedPartitions(requested, answer, byId, found, Errors.NONE);
            return answer;
        });
    }

    private void requestedPartitions(OffsetFetchRequestGroup requested, OffsetFetchResponseGroup answer, boolean byId,
                                     Map<TopicPartition, CommittedOffset> found, Errors groupError) {
        if (requested.topics() == null) {
            return;
        }
        for (OffsetFetchRequestTopics topic : requested.topics()) {
            OffsetFetchResponseTopics topicAnswer = new OffsetFetchResponseTopics().setName(topic.name()).setTopicId(topic.topicId());
            answer.topics().add(topicAnswer);
            Optional<TopicName> name = groupError == Errors.NONE ? name(topic, byId) : Optional.empty();
            Errors topicError = groupError != Errors.NONE ? groupError
                    : name.isEmpty() && byId ? Errors.UNKNOWN_TOPIC_ID : Errors.NONE;
            for (int index : topic.partitionIndexes()) {
                CommittedOffset offset = name.filter(n -> index >= 0)
                        .map(n -> found.get(new TopicPartition(n, index))).orElse(null);
                topicAnswer.partitions().add(partition(index, offset, topicError));
            }
        }
    }

    private void allOffsets(Map<TopicPartition, CommittedOffset> all, OffsetFetchResponseGroup answer, boolean byId) {
        Map<TopicName, Map<Integer, CommittedOffset>> byTopic = new TreeMap<>();
        all.forEach((partition, offset) -> byTopic.computeIfAbsent(partition.topic(), name -> new TreeMap<>())
                .put(partition.partition(), offset));
        byTopic.forEach((name, partitions) -> {
            OffsetFetchResponseTopics topicAnswer = new OffsetFetchResponseTopics();
            if (byId) {
                Optional<Topic> topic = topics.findTopic(name);
                if (topic.isEmpty()) {
                    return;
                }
                topicAnswer.setTopicId(TopicIds.toWire(topic.get().id()));
            } else {
                topicAnswer.setName(name.value());
            }
            answer.topics().add(topicAnswer);
            partitions.forEach((index, offset) -> topicAnswer.partitions().add(partition(index, offset, Errors.NONE)));
        });
    }

    /** The topic asked for; empty for an ID no topic has, or a name no topic can have (it has no offsets). */
    private Optional<TopicName> name(OffsetFetchRequestTopics topic, boolean byId) {
        if (!byId) {
            try {
                return Optional.of(TopicName.of(topic.name()));
            } catch (InvalidTopicException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(resolver.resolve(true, null, topic.topicId()).name());
        } catch (HexalogException e) {
            return Optional.empty();
        }
    }

    private static OffsetFetchResponsePartitions partition(int index, CommittedOffset offset, Errors error) {
        OffsetFetchResponsePartitions partition = new OffsetFetchResponsePartitions().setPartitionIndex(index)
                .setErrorCode(error.code());
        if (offset == null) {
            return partition.setCommittedOffset(NO_OFFSET).setCommittedLeaderEpoch(NO_LEADER_EPOCH).setMetadata("");
        }
        return partition.setCommittedOffset(offset.offset())
                .setCommittedLeaderEpoch(offset.leaderEpoch().orElse(NO_LEADER_EPOCH))
                .setMetadata(offset.metadata());
    }
}
