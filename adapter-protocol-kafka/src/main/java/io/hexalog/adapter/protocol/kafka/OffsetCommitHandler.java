package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.CommitOffsetsUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetCommit: versions 2 to 10; version 10 names topics by ID (KIP-848). Before version 9 a generation
 * without member ID committed to a group that does not exist gets ILLEGAL_GENERATION, from 9 GROUP_ID_NOT_FOUND, as
 * in Kafka; a member named by its ID gets UNKNOWN_MEMBER_ID, since its group may have been lost with the previous
 * coordinator.
 * A topic that does not exist, whatever its name, gets UNKNOWN_TOPIC_OR_PARTITION.
 * The retention time of versions 2 to 4 is ignored: retention is the broker's setting. A commit with no member
 * ID, no instance ID and a negative generation comes from outside group management (the admin client, or a
 * consumer assigning itself partitions); any other claims to come from a member, a negative generation meaning
 * it knows none.
 */
final class OffsetCommitHandler extends AbstractApiHandler<OffsetCommitRequestData, OffsetCommitResponseData> {

    private static final short FIRST_VERSION_WITH_GROUP_ID_NOT_FOUND = 9;
    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 10;
    private static final int NO_LEADER_EPOCH = -1;

    private final CommitOffsetsUseCase offsets;
    private final TopicResolver topics;

    OffsetCommitHandler(CommitOffsetsUseCase offsets, TopicResolver topics) {
        super(ApiKeys.OFFSET_COMMIT, 2, 10);
        this.offsets = offsets;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        short version = context.apiVersion();
        boolean byId = version >= FIRST_VERSION_WITH_TOPIC_IDS;
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        Map<TopicPartition, OffsetCommitResponsePartition> answers = new LinkedHashMap<>();
        Map<TopicPartition, PartitionOffset> wanted = new LinkedHashMap<>();
        for (OffsetCommitRequestTopic requested : request.topics()) {
            OffsetCommitResponseTopic topicAnswer = new OffsetCommitResponseTopic()
                    .setName(requested.name()).setTopicId(requested.topicId());
            response.topics().add(topicAnswer);
            Optional<TopicName> name = Optional.empty();
            Errors topicError = Errors.NONE;
            try {
                name = Optional.of(byId ? topics.resolve(true, null, requested.topicId()).name() : TopicName.of(requested.name()));
            } catch (InvalidTopicException e) {
                // Kafka looks the name up in its metadata without validating it: no topic has it.
                topicError = Errors.UNKNOWN_TOPIC_OR_PARTITION;
            } catch (HexalogException e) {
                topicError = ErrorMapping.toError(e);
            }
            for (OffsetCommitRequestPartition partition : requested.partitions()) {
                OffsetCommitResponsePartition answer = new OffsetCommitResponsePartition()
                        .setPartitionIndex(partition.partitionIndex()).setErrorCode(topicError.code());
                topicAnswer.partitions().add(answer);
                if (name.isPresent() && partition.partitionIndex() >= 0) {
                    TopicPartition key = new TopicPartition(name.get(), partition.partitionIndex());
                    answers.put(key, answer);
                    wanted.put(key, new PartitionOffset(partition.committedOffset(),
                            partition.committedLeaderEpoch() == NO_LEADER_EPOCH
                                    ? OptionalInt.empty() : OptionalInt.of(partition.committedLeaderEpoch()),
                            partition.committedMetadata()));
                } else if (topicError == Errors.NONE) {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                }
            }
        }
        return Futures.attempt(() -> offsets.commitOffsets(new CommitOffsetsCommand(GroupId.of(request.groupId()),
                        committer(request), wanted)))
                .handle((results, failure) -> {
                    if (failure == null) {
                        results.forEach((partition, error) -> answers.get(partition)
                                .setErrorCode(error.map(ErrorMapping::toError).orElse(Errors.NONE).code()));
                    } else {
                        short code = refusal(failure, version).code();
                        answers.values().forEach(answer -> answer.setErrorCode(code));
                    }
                    return response;
                });
    }

    private static Committer committer(OffsetCommitRequestData request) {
        int generation = request.generationIdOrMemberEpoch();
        Optional<String> instanceId = Optional.ofNullable(request.groupInstanceId());
        if (generation < 0 && request.memberId().isEmpty() && instanceId.isEmpty()) {
            return new Committer.Unmanaged();
        }
        return new Committer.Member(request.memberId(), instanceId,
                generation < 0 ? OptionalInt.empty() : OptionalInt.of(generation));
    }

    /** The error for a refused commit: a group that does not exist is an illegal generation before version 9. */
    private static Errors refusal(Throwable failure, short version) {
        Errors error = ErrorMapping.toError(failure);
        return error == Errors.GROUP_ID_NOT_FOUND && version < FIRST_VERSION_WITH_GROUP_ID_NOT_FOUND
                ? Errors.ILLEGAL_GENERATION : error;
    }
}
