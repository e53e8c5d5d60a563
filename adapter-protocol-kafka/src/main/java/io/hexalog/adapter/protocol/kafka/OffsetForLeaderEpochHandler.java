package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.OffsetForLeaderEpochQuery;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.partition.EpochEndOffset;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch (KIP-320): consumers ask, after a metadata change, where the epoch of their position
 * ends, to detect truncation. After the usual leader-epoch fencing, epoch 0 ends at the log end offset and
 * any other epoch is unknown (-1, -1), as Kafka answers for an epoch its leader-epoch cache lacks.
 */
final class OffsetForLeaderEpochHandler
        extends AbstractApiHandler<OffsetForLeaderEpochRequestData, OffsetForLeaderEpochResponseData> {

    private final OffsetForLeaderEpochQuery epochs;
    private final TopicResolver topics;
    private final DescribeClusterQuery cluster;

    OffsetForLeaderEpochHandler(OffsetForLeaderEpochQuery epochs, TopicResolver topics, DescribeClusterQuery cluster) {
        super(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4);
        this.epochs = epochs;
        this.topics = topics;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<OffsetForLeaderEpochResponseData> handle(RequestContext context,
                                                                      OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic requestedTopic : request.topics()) {
            OffsetForLeaderTopicResult topicResult = new OffsetForLeaderTopicResult().setTopic(requestedTopic.topic());
            response.topics().add(topicResult);
            for (OffsetForLeaderPartition requested : requestedTopic.partitions()) {
                topicResult.partitions().add(answer(requestedTopic.topic(), requested));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private OffsetForLeaderEpochResponseData.EpochEndOffset answer(String topicName, OffsetForLeaderPartition requested) {
        OffsetForLeaderEpochResponseData.EpochEndOffset answer = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                .setPartition(requested.partition());
        try {
            Topic topic = topics.resolve(false, topicName, null);
            if (!topic.hasPartition(requested.partition())) {
                throw new UnknownTopicOrPartitionException("Topic '" + topicName + "' has no partition " + requested.partition());
            }
            TopicIdPartition partition = topic.partition(requested.partition());
            Errors fencing = LeaderEpochCheck.check(requested.currentLeaderEpoch(), cluster.leadership(partition).leaderEpoch());
            if (fencing != Errors.NONE) {
                return failed(answer, fencing);
            }
            EpochEndOffset found = epochs.endOffsetForEpoch(partition, requested.leaderEpoch());
            return answer.setErrorCode(Errors.NONE.code()).setLeaderEpoch(found.leaderEpoch()).setEndOffset(found.endOffset());
        } catch (HexalogException e) {
            return failed(answer, ErrorMapping.toError(e));
        }
    }

    private static OffsetForLeaderEpochResponseData.EpochEndOffset failed(
            OffsetForLeaderEpochResponseData.EpochEndOffset answer, Errors error) {
        return answer.setErrorCode(error.code())
                .setLeaderEpoch(EpochEndOffset.UNDEFINED.leaderEpoch())
                .setEndOffset(EpochEndOffset.UNDEFINED.endOffset());
    }
}
