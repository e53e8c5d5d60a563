package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.CommitOffsetsCommand;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.CommitOffsetsUseCase;
import io.hexalog.domain.error.GroupIdNotFoundException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.IllegalGenerationException;
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
import java.util.concurrent.Executor;

/**
 * OffsetCommit: versions 2 to 10; version 10 names topics by ID (KIP-848). Before version 9 a member
 * committing to a group that does not exist gets ILLEGAL_GENERATION, from 9 GROUP_ID_NOT_FOUND, as in Kafka.
 * A topic that does not exist, whatever its name, gets UNKNOWN_TOPIC_OR_PARTITION.
 * The retention time of versions 2 to 4 is ignored: retention is the broker's setting.
 */
final class OffsetCommitHandler extends AbstractApiHandler<OffsetCommitRequestData, OffsetCommitResponseData> {

    private static final short FIRST_VERSION_WITH_GROUP_ID_NOT_FOUND = 9;
    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 10;
    private static final int NO_LEADER_EPOCH = -1;

    private final CommitOffsetsUseCase offsets;
    private final TopicResolver topics;
    private final Executor adminExecutor;

    OffsetCommitHandler(CommitOffsetsUseCase offsets, TopicResolver topics, Executor adminExecutor) {
        super(ApiKeys.OFFSET_COMMIT, 2, 10);
        this.offsets = offsets;
        this.topics = topics;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public CompletableFuture<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        return CompletableFuture.supplyAsync(() -> commit(context.apiVersion(), request), adminExecutor);
    }

    private OffsetCommitResponseData commit(short version, OffsetCommitRequestData request) {
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
        try {
            CommitOffsetsCommand command = new CommitOffsetsCommand(GroupId.of(request.groupId()), request.memberId(),
                    Optional.ofNullable(request.groupInstanceId()), request.generationIdOrMemberEpoch(), wanted);
            offsets.commitOffsets(command).forEach((partition, error) -> answers.get(partition)
                    .setErrorCode(error.map(ErrorMapping::toError).orElse(Errors.NONE).code()));
        } catch (HexalogException e) {
            HexalogException reported = e instanceof GroupIdNotFoundException && version < FIRST_VERSION_WITH_GROUP_ID_NOT_FOUND
                    ? new IllegalGenerationException(e.getMessage()) : e;
            short code = ErrorMapping.toError(reported).code();
            answers.values().forEach(answer -> answer.setErrorCode(code));
        }
        return response;
    }
}
