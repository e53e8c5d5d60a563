package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.application.port.in.TxnOffsetCommitCommand;
import io.hexalog.application.port.in.TxnOffsetCommitUseCase;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * TxnOffsetCommit, versions 0 to 5 (topics by name): offsets committed inside the producer's transaction, pending
 * until it ends. Version 5 is transaction version 2 (KIP-890): the producer sent no AddOffsetsToTxn, and the group
 * is added to its transaction first. The response has no top-level error: a refusal of the whole request is every partition's error.
 * From version 3 the request names the consumer the producer commits for (KIP-447): its member ID, instance ID
 * and generation are checked against the group (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID);
 * generation -1 with no member ID skips the check, as older versions always do.
 */
final class TxnOffsetCommitHandler extends AbstractApiHandler<TxnOffsetCommitRequestData, TxnOffsetCommitResponseData> {

    private static final int FIRST_FENCED_VERSION = 3;
    private static final int NO_LEADER_EPOCH = -1;
    private static final short FIRST_VERSION_ADDING_THE_GROUP = 5;

    private final TxnOffsetCommitUseCase offsets;

    TxnOffsetCommitHandler(TxnOffsetCommitUseCase offsets) {
        super(ApiKeys.TXN_OFFSET_COMMIT, 0, 5);
        this.offsets = offsets;
    }

    @Override
    public CompletableFuture<TxnOffsetCommitResponseData> handle(RequestContext context, TxnOffsetCommitRequestData request) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        Map<TopicPartition, TxnOffsetCommitResponsePartition> answers = new LinkedHashMap<>();
        Map<TopicPartition, PartitionOffset> wanted = new LinkedHashMap<>();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            TxnOffsetCommitResponseTopic topicAnswer = new TxnOffsetCommitResponseTopic().setName(topic.name());
            response.topics().add(topicAnswer);
            for (TxnOffsetCommitRequestPartition partition : topic.partitions()) {
                TxnOffsetCommitResponsePartition answer = new TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(partition.partitionIndex());
                topicAnswer.partitions().add(answer);
                TopicPartition key = partitionOf(topic.name(), partition.partitionIndex());
                if (key == null) {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                answers.put(key, answer);
                wanted.put(key, new PartitionOffset(partition.committedOffset(),
                        partition.committedLeaderEpoch() == NO_LEADER_EPOCH
                                ? OptionalInt.empty() : OptionalInt.of(partition.committedLeaderEpoch()),
                        partition.committedMetadata()));
            }
        }
        return Futures.attempt(() -> offsets.commitOffsets(new TxnOffsetCommitCommand(
                        TransactionalId.of(request.transactionalId()), GroupId.of(request.groupId()),
                        TransactionErrors.producer(request.producerId(), request.producerEpoch()), wanted,
                        context.apiVersion() >= FIRST_VERSION_ADDING_THE_GROUP
                                ? TransactionSupportedOperation.ADD_PARTITION
                                : TransactionSupportedOperation.DEFAULT_ERROR,
                        committer(request))))
                .handle((results, failure) -> {
                    if (failure == null) {
                        results.forEach((partition, error) -> answers.get(partition)
                                .setErrorCode(error.map(ErrorMapping::toError).orElse(Errors.NONE).code()));
                    } else {
                        short code = TransactionErrors.of(failure, context.apiVersion(), FIRST_FENCED_VERSION).code();
                        answers.values().forEach(answer -> answer.setErrorCode(code));
                    }
                    return response;
                });
    }

    /** The consumer a request names; versions 0-2 carry the defaults: no member ID, no instance ID, generation -1. */
    private static Committer committer(TxnOffsetCommitRequestData request) {
        int generation = request.generationIdOrMemberEpoch();
        Optional<String> instanceId = Optional.ofNullable(request.groupInstanceId());
        if (generation < 0 && request.memberId().isEmpty() && instanceId.isEmpty()) {
            return new Committer.Unmanaged();
        }
        return new Committer.Member(request.memberId(), instanceId,
                generation < 0 ? OptionalInt.empty() : OptionalInt.of(generation));
    }

    /** The partition named, or null for a name no topic can have or a negative index. */
    private static TopicPartition partitionOf(String topic, int index) {
        try {
            return index < 0 ? null : new TopicPartition(TopicName.of(topic), index);
        } catch (InvalidTopicException e) {
            return null;
        }
    }
}
