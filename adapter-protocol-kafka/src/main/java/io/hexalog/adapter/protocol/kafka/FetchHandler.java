package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch for consumers. Every fetch is a full, sessionless one (KIP-227 allows a broker to decline
 * sessions by answering session ID 0; clients then keep sending full fetches), so a request that names
 * a session is told FETCH_SESSION_ID_NOT_FOUND. Version 13 names topics by ID.
 */
final class FetchHandler extends AbstractApiHandler<FetchRequestData, FetchResponseData> {

    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 13;
    private static final int NO_SESSION = 0;
    private static final int NO_PREFERRED_REPLICA = -1;
    private static final byte READ_COMMITTED = 1;

    private final FetchRecordsQuery fetch;
    private final TopicResolver topics;
    private final DescribeClusterQuery cluster;

    FetchHandler(FetchRecordsQuery fetch, TopicResolver topics, DescribeClusterQuery cluster) {
        super(ApiKeys.FETCH, 4, 18);
        this.fetch = fetch;
        this.topics = topics;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        if (request.sessionId() != NO_SESSION) {
            return CompletableFuture.completedFuture(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                    .setSessionId(NO_SESSION));
        }
        boolean byId = context.apiVersion() >= FIRST_VERSION_WITH_TOPIC_IDS;
        FetchResponseData response = new FetchResponseData().setSessionId(NO_SESSION);
        List<FetchParams.PartitionFetch> reads = new ArrayList<>();
        List<PartitionData> awaitingData = new ArrayList<>();
        boolean anyFailed = false;
        for (FetchRequestData.FetchTopic requestedTopic : request.topics()) {
            FetchableTopicResponse topicResponse = new FetchableTopicResponse()
                    .setTopic(requestedTopic.topic())
                    .setTopicId(requestedTopic.topicId());
            response.responses().add(topicResponse);
            for (FetchRequestData.FetchPartition requested : requestedTopic.partitions()) {
                PartitionData data = new PartitionData().setPartitionIndex(requested.partition())
                        .setRecords(MemoryRecords.EMPTY)
                        .setPreferredReadReplica(NO_PREFERRED_REPLICA);
                topicResponse.partitions().add(data);
                try {
                    TopicIdPartition partition = partition(byId, requestedTopic, requested.partition());
                    Errors epochError = LeaderEpochCheck.check(requested.currentLeaderEpoch(),
                            cluster.leadership(partition).leaderEpoch());
                    if (epochError != Errors.NONE) {
                        fail(data, epochError);
                        anyFailed = true;
                        continue;
                    }
                    if (requested.fetchOffset() < 0) {
                        fail(data, Errors.OFFSET_OUT_OF_RANGE);
                        anyFailed = true;
                        continue;
                    }
                    reads.add(new FetchParams.PartitionFetch(partition, requested.fetchOffset(),
                            Math.max(0, requested.partitionMaxBytes())));
                    awaitingData.add(data);
                } catch (HexalogException e) {
                    fail(data, ErrorMapping.toError(e));
                    anyFailed = true;
                }
            }
        }
        // Like Kafka, an error or nothing to read is answered at once rather than after max wait.
        Duration maxWait = anyFailed || reads.isEmpty() ? Duration.ZERO : Duration.ofMillis(Math.max(0, request.maxWaitMs()));
        FetchParams query = new FetchParams(reads, maxWait,
                Math.max(0, request.minBytes()), Math.max(0, request.maxBytes()),
                request.isolationLevel() == READ_COMMITTED ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED);
        return fetch.fetch(query).thenApply(result -> {
            Iterator<PartitionData> slots = awaitingData.iterator();
            for (FetchResult.PartitionData read : result.partitions()) {
                fill(slots.next(), read);
            }
            return response;
        });
    }

    private TopicIdPartition partition(boolean byId, FetchRequestData.FetchTopic requested, int index) {
        Topic topic = topics.resolve(byId, requested.topic(), requested.topicId());
        if (!topic.hasPartition(index)) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic.name() + "' has no partition " + index);
        }
        return topic.partition(index);
    }

    private static void fill(PartitionData data, FetchResult.PartitionData result) {
        if (result instanceof FetchResult.PartitionData.Read read) {
            fill(data, read);
        } else if (result instanceof FetchResult.PartitionData.Failed failed) {
            fail(data, ErrorMapping.toError(failed.error()));
        }
    }

    private static void fill(PartitionData data, FetchResult.PartitionData.Read read) {
        data.setHighWatermark(read.highWatermark())
                .setLastStableOffset(read.lastStableOffset())
                .setLogStartOffset(read.logStartOffset());
        if (!read.records().isEmpty()) {
            data.setRecords(new StoredRecords(read.records().batches(), read.records().sizeInBytes()));
        }
    }

    private static void fail(PartitionData data, Errors error) {
        data.setErrorCode(error.code()).setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1);
    }
}
