package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.SliceForm;
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
import java.util.function.Function;

/**
 * Fetch for consumers. Every fetch is a full, sessionless one (KIP-227 allows a broker to decline
 * sessions by answering session ID 0; clients then keep sending full fetches), so a request that names
 * a session is told FETCH_SESSION_ID_NOT_FOUND. Version 13 names topics by ID.
 *
 * <p>A response holds at most {@code fetch.max.bytes}, whatever the request asks, as in Kafka. Before
 * reading, the fetch reserves what it could read from the broker's {@link FetchMemoryBudget} (the request's
 * maximum bytes, capped by {@code fetch.max.bytes} and by the sum of its partitions' maximums) and reads
 * no more than it was given, however many fetches clients send at once. It holds the reservation while it
 * waits for {@code min.bytes} too: the budget counts what a fetch may read, and a parked fetch reads again
 * when it wakes. The reservation is given back once the response has been written to the socket, or when
 * the connection closes.
 */
final class FetchHandler extends AbstractApiHandler<FetchRequestData, FetchResponseData> {

    private static final short FIRST_VERSION_WITH_TOPIC_IDS = 13;
    private static final short FIRST_VERSION_WITH_CURRENT_LEADER = 12;
    private static final short FIRST_VERSION_WITH_NODE_ENDPOINTS = 16;
    private static final int NO_SESSION = 0;
    private static final int NO_PREFERRED_REPLICA = -1;
    private static final byte READ_COMMITTED = 1;

    private final FetchRecordsQuery fetch;
    private final TopicResolver topics;
    private final DescribeClusterQuery cluster;
    private final int fetchMaxBytes;
    private final FetchMemoryBudget memory;
    private final KafkaProtocolAdapter.TrafficListener traffic;

    FetchHandler(FetchRecordsQuery fetch, TopicResolver topics, DescribeClusterQuery cluster, int fetchMaxBytes,
                 FetchMemoryBudget memory) {
        this(fetch, topics, cluster, fetchMaxBytes, memory, KafkaProtocolAdapter.TrafficListener.NONE);
    }

    /**
     * @param fetchMaxBytes the most bytes a response holds ({@code fetch.max.bytes}), the first batch aside
     * @param memory        the budget every fetch of this broker reads within
     * @param traffic       told the bytes each partition's read returned
     */
    FetchHandler(FetchRecordsQuery fetch, TopicResolver topics, DescribeClusterQuery cluster, int fetchMaxBytes,
                 FetchMemoryBudget memory, KafkaProtocolAdapter.TrafficListener traffic) {
        super(ApiKeys.FETCH, 4, 18);
        this.fetch = fetch;
        this.topics = topics;
        this.cluster = cluster;
        this.fetchMaxBytes = fetchMaxBytes;
        this.memory = memory;
        this.traffic = traffic;
    }

    @Override
    public CompletableFuture<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        CompletableFuture<FetchResponseData> answered = read(context, request);
        short version = context.apiVersion();
        if (version < FIRST_VERSION_WITH_CURRENT_LEADER) {
            return answered;
        }
        return answered.thenApply(response -> withLeaderHints(version, response));
    }

    private CompletableFuture<FetchResponseData> read(RequestContext context, FetchRequestData request) {
        if (request.sessionId() != NO_SESSION) {
            return CompletableFuture.completedFuture(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                    .setSessionId(NO_SESSION));
        }
        boolean byId = context.apiVersion() >= FIRST_VERSION_WITH_TOPIC_IDS;
        FetchResponseData response = new FetchResponseData().setSessionId(NO_SESSION);
        List<FetchParams.PartitionFetch> reads = new ArrayList<>();
        List<PartitionData> awaitingData = new ArrayList<>();
        List<String> readTopics = new ArrayList<>();
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
                    Topic topic = topic(byId, requestedTopic, requested.partition());
                    TopicIdPartition partition = topic.partition(requested.partition());
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
                    readTopics.add(topic.name().value());
                } catch (HexalogException e) {
                    fail(data, ErrorMapping.toError(e));
                    anyFailed = true;
                }
            }
        }
        if (reads.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        // Like Kafka, an error is answered at once rather than after max wait.
        Duration maxWait = anyFailed ? Duration.ZERO : Duration.ofMillis(Math.max(0, request.maxWaitMs()));
        int maxBytes = Math.min(Math.max(0, request.maxBytes()), fetchMaxBytes);
        FetchParams asked = new FetchParams(reads, maxWait, Math.max(0, request.minBytes()), maxBytes,
                request.isolationLevel() == READ_COMMITTED ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED);
        long wanted = Math.min(maxBytes, reads.stream().mapToLong(FetchParams.PartitionFetch::maxBytes).sum());
        CompletableFuture<FetchMemoryBudget.Reservation> reserved = memory.reserve(wanted);
        Function<FetchMemoryBudget.Reservation, CompletableFuture<FetchResponseData>> read =
                reservation -> readWithin(reservation, context, asked, awaitingData, readTopics, response);
        // Granted later, the fetch reads on its own event loop rather than inside whichever fetch gave memory back.
        return reserved.isDone() ? reserved.thenCompose(read) : reserved.thenComposeAsync(read, context.eventLoop());
    }

    /** Reads what {@code asked} for, no more than {@code reservation} holds, into the response's slots. */
    private CompletableFuture<FetchResponseData> readWithin(FetchMemoryBudget.Reservation reservation,
                                                           RequestContext context, FetchParams asked,
                                                           List<PartitionData> awaitingData, List<String> readTopics,
                                                           FetchResponseData response) {
        if (context.afterResponse().isDone()) {
            // The connection closed while the fetch waited for memory: nobody is left to read for.
            reservation.release();
            return CompletableFuture.completedFuture(response);
        }
        FetchParams query = new FetchParams(asked.partitions(), asked.maxWait(), asked.minBytes(),
                (int) reservation.bytes(), asked.isolation(), SliceForm.SENDABLE);
        CompletableFuture<FetchResult> fetched = Futures.attempt(() -> fetch.fetch(query));
        // The response is filled before what was read is handed to what gives it back: once the connection has
        // closed (while a long poll waited, say), that happens at once, and the records are no longer to be read.
        return fetched.thenApply(result -> {
                    Iterator<PartitionData> slots = awaitingData.iterator();
                    Iterator<String> topicNames = readTopics.iterator();
                    for (FetchResult.PartitionData read : result.partitions()) {
                        fill(slots.next(), read);
                        count(topicNames.next(), read);
                    }
                    return response;
                })
                .whenComplete((filled, failure) -> holdUntilSent(context, reservation,
                        fetched.isCompletedExceptionally() ? null : fetched.join(), failure == null));
    }

    /**
     * Holds what the fetch read, its records and its share of the budget, until its response has left (written to
     * the socket, or failed to be, or the connection closed: the response's write listener), and gives them back
     * at once when there is nothing to send (the fetch failed, its response could not be filled, or the connection
     * has closed already). The response references the records' memory, so they must outlive its write.
     */
    private static void holdUntilSent(RequestContext context, FetchMemoryBudget.Reservation reservation,
                                      FetchResult result, boolean answered) {
        if (result == null) {
            reservation.release();
            return;
        }
        if (!answered) {
            result.release();
            reservation.release();
            return;
        }
        reservation.settle(result.partitions().stream().mapToLong(FetchHandler::bytesInMemory).sum());
        Runnable sent = () -> {
            result.release();
            reservation.release();
        };
        if (!context.afterResponse().add(sent)) {
            sent.run();
        }
    }

    /** The bytes a partition's read holds in memory: none where the store left the batches in its files. */
    private static long bytesInMemory(FetchResult.PartitionData data) {
        return data instanceof FetchResult.PartitionData.Read read && !read.records().inMemory() ? 0
                : data.sizeInBytes();
    }

    /**
     * Names the leader of every partition this broker does not lead, or leads in another epoch than the client
     * thinks, and where each leader listens.
     */
    private FetchResponseData withLeaderHints(short version, FetchResponseData response) {
        LeaderHints hints = null;
        for (FetchableTopicResponse topic : response.responses()) {
            for (PartitionData partition : topic.partitions()) {
                if (partition.errorCode() != Errors.NOT_LEADER_OR_FOLLOWER.code()
                        && partition.errorCode() != Errors.FENCED_LEADER_EPOCH.code()) {
                    continue;
                }
                hints = hints != null ? hints : new LeaderHints(cluster, topics);
                hints.leaderOf(version >= FIRST_VERSION_WITH_TOPIC_IDS, topic.topic(), topic.topicId(),
                        partition.partitionIndex()).ifPresent(leader ->
                        partition.currentLeader().setLeaderId(leader.id()).setLeaderEpoch(leader.epoch()));
            }
        }
        if (hints != null && version >= FIRST_VERSION_WITH_NODE_ENDPOINTS) {
            for (BrokerNode broker : hints.endpoints()) {
                response.nodeEndpoints().add(new FetchResponseData.NodeEndpoint()
                        .setNodeId(broker.nodeId()).setHost(broker.host()).setPort(broker.port()).setRack(null));
            }
        }
        return response;
    }

    private Topic topic(boolean byId, FetchRequestData.FetchTopic requested, int index) {
        Topic topic = topics.resolve(byId, requested.topic(), requested.topicId());
        if (!topic.hasPartition(index)) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic.name() + "' has no partition " + index);
        }
        return topic;
    }

    private void count(String topic, FetchResult.PartitionData result) {
        if (result instanceof FetchResult.PartitionData.Read read && !read.records().isEmpty()) {
            traffic.fetched(topic, read.records().sizeInBytes());
        }
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
            data.setRecords(StoredRecords.of(read.records()));
        }
        if (!read.abortedTransactions().isEmpty()) {
            // only a read-committed fetch gets any
            data.setAbortedTransactions(read.abortedTransactions().stream()
                    .map(aborted -> new FetchResponseData.AbortedTransaction()
                            .setProducerId(aborted.producerId())
                            .setFirstOffset(aborted.firstOffset()))
                    .toList());
        }
    }

    private static void fail(PartitionData data, Errors error) {
        data.setErrorCode(error.code()).setHighWatermark(-1).setLastStableOffset(-1).setLogStartOffset(-1);
    }
}
