package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.CorruptRecordException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.NotEnoughReplicasException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.error.PolicyViolationException;
import io.hexalog.domain.error.RecordTooLargeException;
import io.hexalog.domain.error.RequestTimedOutException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicPartition;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A partition's leader on another broker, asked with ListOffsets, Produce and Fetch over the Kafka protocol as a
 * consumer or an acks=all producer asks it, on this broker's connections to the others
 * ({@link InterBrokerConnections}, on a thread of its own, {@code hexalog-interbroker-leaders}). Each request names
 * topics, not topic IDs, in versions every broker of a cluster of this version serves.
 */
public final class KafkaRemotePartitionLeader implements RemotePartitionLeader, AutoCloseable {

    /** ListOffsets with MaxTimestamp lookups (KIP-734). */
    static final short LIST_OFFSETS_VERSION = 7;
    /** The last Produce version that names topics. */
    static final short PRODUCE_VERSION = 12;
    /** The last Fetch version that names topics. */
    static final short FETCH_VERSION = 12;
    /** A fetch asks for at most this much, so that its response fits a frame this client reads. */
    static final int MAX_FETCH_BYTES = 8 * 1024 * 1024;
    private static final int MAX_RESPONSE_BYTES = MAX_FETCH_BYTES + 1024 * 1024;

    private final InterBrokerConnections connections;
    private final Duration requestTimeout;

    /**
     * @param clientId       the client ID the requests carry, naming the asking broker in the leader's logs
     * @param requestTimeout how long a request may wait for its connection and its answer
     */
    KafkaRemotePartitionLeader(String clientId, Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.connections = new InterBrokerConnections(clientId, "a partition's leader", "hexalog-interbroker-leaders",
                requestTimeout, MAX_RESPONSE_BYTES, (leader, why) -> new NotLeaderOrFollowerException("The leader on node "
                        + leader.nodeId() + " at " + leader.host() + ":" + leader.port() + " did not answer: " + why));
    }

    @Override
    public CompletableFuture<Optional<Offset>> listOffset(BrokerNode leader, TopicPartition partition, long timestamp,
                                                          boolean readCommitted) {
        ListOffsetsTopic topic = new ListOffsetsTopic().setName(partition.topic().value()).setPartitions(List.of(
                new ListOffsetsPartition().setPartitionIndex(partition.partition()).setTimestamp(timestamp)));
        ListOffsetsRequest request = ListOffsetsRequest.Builder
                .forConsumer(true, readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED)
                .setTargetTimes(List.of(topic)).build(LIST_OFFSETS_VERSION);
        return connections.send(leader, ApiKeys.LIST_OFFSETS, LIST_OFFSETS_VERSION, request)
                .thenApply(response -> found(leader, partition, ((ListOffsetsResponse) response).data().topics()));
    }

    @Override
    public CompletableFuture<Appended> produce(BrokerNode leader, TopicPartition partition, List<RecordBatch> batches) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(partition.topic().value()).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(partition.partition())
                        .setRecords(MemoryRecords.readableRecords(concatenated(batches))))));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1)
                .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis())).setTopicData(topics);
        return connections.send(leader, ApiKeys.PRODUCE, PRODUCE_VERSION, new ProduceRequest(data, PRODUCE_VERSION))
                .thenApply(response -> appended(leader, partition, ((ProduceResponse) response).data()));
    }

    @Override
    public CompletableFuture<Read> fetch(BrokerNode leader, TopicPartition partition, long fetchOffset, int maxBytes,
                                         Duration maxWait, int minBytes) {
        int bytes = Math.min(maxBytes, MAX_FETCH_BYTES);
        Map<org.apache.kafka.common.TopicPartition, FetchRequest.PartitionData> wanted = new LinkedHashMap<>();
        wanted.put(new org.apache.kafka.common.TopicPartition(partition.topic().value(), partition.partition()),
                new FetchRequest.PartitionData(Uuid.ZERO_UUID, fetchOffset, FetchRequest.INVALID_LOG_START_OFFSET, bytes,
                        Optional.empty()));
        // the leader waits at most maxWait, which must end well before this client stops waiting for its answer
        int waitMs = (int) Math.min(maxWait.toMillis(), requestTimeout.toMillis() / 2);
        FetchRequest request = FetchRequest.Builder.forConsumer(FETCH_VERSION, waitMs, minBytes, wanted)
                .isolationLevel(IsolationLevel.READ_UNCOMMITTED).setMaxBytes(bytes).build(FETCH_VERSION);
        return connections.send(leader, ApiKeys.FETCH, FETCH_VERSION, request)
                .thenApply(response -> read(leader, partition, ((FetchResponse) response).data()));
    }

    /** Closes every connection; lookups still waiting fail. */
    @Override
    public void close() {
        connections.close();
    }

    private static Optional<Offset> found(BrokerNode leader, TopicPartition partition,
                                          List<ListOffsetsTopicResponse> topics) {
        ListOffsetsPartitionResponse answer = answerFor(leader, partition, topics.stream()
                .filter(topic -> topic.name().equals(partition.topic().value()))
                .flatMap(topic -> topic.partitions().stream())
                .filter(found -> found.partitionIndex() == partition.partition()));
        failIfRefused(answer.errorCode(), leader, partition, null);
        if (answer.offset() < 0) {
            return Optional.empty();
        }
        OptionalLong timestamp = answer.timestamp() < 0 ? OptionalLong.empty() : OptionalLong.of(answer.timestamp());
        return Optional.of(new Offset(answer.offset(), timestamp, Math.max(0, answer.leaderEpoch())));
    }

    private static ByteBuffer concatenated(List<RecordBatch> batches) {
        int size = 0;
        for (RecordBatch batch : batches) {
            size += batch.sizeInBytes();
        }
        ByteBuffer records = ByteBuffer.allocate(size);
        for (RecordBatch batch : batches) {
            records.put(batch.bytes());
        }
        return records.flip();
    }

    private static Appended appended(BrokerNode leader, TopicPartition partition, ProduceResponseData response) {
        ProduceResponseData.PartitionProduceResponse answer = answerFor(leader, partition, response.responses().stream()
                .filter(topic -> topic.name().equals(partition.topic().value()))
                .flatMap(topic -> topic.partitionResponses().stream())
                .filter(found -> found.index() == partition.partition()));
        failIfRefused(answer.errorCode(), leader, partition, answer.errorMessage());
        OptionalLong appendTime = answer.logAppendTimeMs() < 0
                ? OptionalLong.empty() : OptionalLong.of(answer.logAppendTimeMs());
        return new Appended(answer.baseOffset(), appendTime, Math.max(0, answer.logStartOffset()));
    }

    private static Read read(BrokerNode leader, TopicPartition partition, FetchResponseData response) {
        failIfRefused(response.errorCode(), leader, partition, null);
        FetchResponseData.PartitionData answer = answerFor(leader, partition, response.responses().stream()
                .filter(topic -> topic.topic().equals(partition.topic().value()))
                .flatMap(topic -> topic.partitions().stream())
                .filter(found -> found.partitionIndex() == partition.partition()));
        failIfRefused(answer.errorCode(), leader, partition, null);
        ByteBuffer records = answer.records() instanceof MemoryRecords memory ? memory.buffer() : ByteBuffer.allocate(0);
        return new Read(answer.highWatermark(), answer.lastStableOffset(), answer.logStartOffset(),
                RecordBatch.splitAll(records));
    }

    /** The response's answer for the partition asked about; a response without one is the leader's fault. */
    private static <T> T answerFor(BrokerNode leader, TopicPartition partition, Stream<T> answers) {
        return answers.findFirst().orElseThrow(() -> new NotLeaderOrFollowerException("The leader on node "
                + leader.nodeId() + " answered without partition " + partition));
    }

    private static void failIfRefused(short errorCode, BrokerNode leader, TopicPartition partition, String detail) {
        Errors error = Errors.forCode(errorCode);
        if (error != Errors.NONE) {
            throw exception(error, leader, partition, detail);
        }
    }

    /** The leader's error as this broker's services know it. */
    static HexalogException exception(Errors error, BrokerNode leader, TopicPartition partition, String detail) {
        String message = "The leader on node " + leader.nodeId() + " answered " + error.name() + " for partition "
                + partition + ": " + (detail == null || detail.isBlank() ? error.message() : detail);
        switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION:
                return new UnknownTopicOrPartitionException(message);
            case MESSAGE_TOO_LARGE:
            case RECORD_LIST_TOO_LARGE:
                return new RecordTooLargeException(message);
            case CORRUPT_MESSAGE:
                return new CorruptRecordException(message);
            case INVALID_RECORD:
            case INVALID_TIMESTAMP:
                return new InvalidRecordException(message);
            case POLICY_VIOLATION:
                return new PolicyViolationException(message);
            case OFFSET_OUT_OF_RANGE:
                return new OffsetOutOfRangeException(message);
            case NOT_ENOUGH_REPLICAS:
            case NOT_ENOUGH_REPLICAS_AFTER_APPEND:
                return new NotEnoughReplicasException(message);
            case KAFKA_STORAGE_ERROR:
                return new KafkaStorageException(message);
            case REQUEST_TIMED_OUT:
                return new RequestTimedOutException(message);
            default:
                // NOT_LEADER_OR_FOLLOWER, or a leader that cannot answer now (an election): ask again
                return new NotLeaderOrFollowerException(message);
        }
    }
}
