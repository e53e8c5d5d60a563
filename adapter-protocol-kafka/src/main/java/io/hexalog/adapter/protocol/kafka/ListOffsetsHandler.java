package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets: earliest, latest, by timestamp and by max timestamp (v7). The tiered-storage specs (earliest
 * local, v8; latest tiered, v9; earliest pending upload, v11) are answered as a broker without tiered
 * storage answers them: the local log is the whole log and nothing is tiered.
 */
final class ListOffsetsHandler extends AbstractApiHandler<ListOffsetsRequestData, ListOffsetsResponseData> {

    private static final byte READ_COMMITTED = 1;
    /** Responses carry the leader epoch from v4 on; older ones cannot encode it. */
    private static final short FIRST_VERSION_WITH_LEADER_EPOCH = 4;

    private final ListOffsetsQuery listOffsets;
    private final TopicResolver topics;
    private final DescribeClusterQuery cluster;

    ListOffsetsHandler(ListOffsetsQuery listOffsets, TopicResolver topics, DescribeClusterQuery cluster) {
        super(ApiKeys.LIST_OFFSETS, 1, 11);
        this.listOffsets = listOffsets;
        this.topics = topics;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<ListOffsetsResponseData> handle(RequestContext context, ListOffsetsRequestData request) {
        IsolationLevel isolation = request.isolationLevel() == READ_COMMITTED
                ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
        boolean withLeaderEpoch = context.apiVersion() >= FIRST_VERSION_WITH_LEADER_EPOCH;
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        List<CompletableFuture<Void>> lookups = new ArrayList<>();
        for (ListOffsetsRequestData.ListOffsetsTopic requestedTopic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(requestedTopic.name());
            response.topics().add(topicResponse);
            for (ListOffsetsRequestData.ListOffsetsPartition requested : requestedTopic.partitions()) {
                ListOffsetsPartitionResponse partitionResponse = new ListOffsetsPartitionResponse()
                        .setPartitionIndex(requested.partitionIndex());
                topicResponse.partitions().add(partitionResponse);
                lookups.add(lookup(requestedTopic.name(), requested, isolation).handle((listed, failure) -> {
                    if (failure != null) {
                        partitionResponse.setErrorCode(ErrorMapping.toError(failure).code())
                                .setOffset(-1).setTimestamp(-1);
                    } else if (listed.isEmpty()) {
                        partitionResponse.setErrorCode(Errors.NONE.code())
                                .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET)
                                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP);
                        if (withLeaderEpoch) {
                            partitionResponse.setLeaderEpoch(ListOffsetsResponse.UNKNOWN_EPOCH);
                        }
                    } else {
                        partitionResponse.setErrorCode(Errors.NONE.code())
                                .setOffset(listed.get().offset())
                                .setTimestamp(listed.get().timestamp().orElse(ListOffsetsResponse.UNKNOWN_TIMESTAMP));
                        if (withLeaderEpoch) {
                            partitionResponse.setLeaderEpoch(listed.get().leaderEpoch());
                        }
                    }
                    return null;
                }));
            }
        }
        return Futures.all(lookups).thenApply(ignored -> response);
    }

    private CompletableFuture<Optional<ListedOffset>> lookup(
            String topicName, ListOffsetsRequestData.ListOffsetsPartition requested, IsolationLevel isolation) {
        try {
            Topic topic = topics.resolve(false, topicName, null);
            if (!topic.hasPartition(requested.partitionIndex())) {
                throw new UnknownTopicOrPartitionException(
                        "Topic '" + topicName + "' has no partition " + requested.partitionIndex());
            }
            TopicIdPartition partition = topic.partition(requested.partitionIndex());
            Errors epochError = LeaderEpochCheck.check(requested.currentLeaderEpoch(),
                    cluster.leadership(partition).leaderEpoch());
            if (epochError != Errors.NONE) {
                return CompletableFuture.failedFuture(epochError.exception());
            }
            return listOffsets.listOffset(partition, spec(requested.timestamp()), isolation);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static OffsetSpec spec(long timestamp) {
        if (timestamp >= 0) {
            return new OffsetSpec.ForTimestamp(timestamp);
        }
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return new OffsetSpec.Earliest();
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return new OffsetSpec.Latest();
        }
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return new OffsetSpec.MaxTimestamp();
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP
                || timestamp == ListOffsetsRequest.EARLIEST_PENDING_UPLOAD_TIMESTAMP) {
            return new OffsetSpec.Tiered();
        }
        throw new InvalidRequestException("Unknown ListOffsets timestamp " + timestamp);
    }
}
