package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.TopicPartition;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A partition's leader on another broker, asked with ListOffsets over the Kafka protocol as a consumer asks it, on
 * this broker's connections to the others ({@link InterBrokerConnections}, on a thread of its own,
 * {@code hexalog-interbroker-offsets}).
 */
public final class KafkaRemotePartitionLeader implements RemotePartitionLeader, AutoCloseable {

    /** The version with MaxTimestamp lookups (KIP-734), served by every broker of a cluster of this version. */
    static final short VERSION = 7;

    private final InterBrokerConnections connections;

    /**
     * @param clientId       the client ID the requests carry, naming the asking broker in the leader's logs
     * @param requestTimeout how long a request may wait for its connection and its answer
     */
    KafkaRemotePartitionLeader(String clientId, Duration requestTimeout) {
        this.connections = new InterBrokerConnections(clientId, "a partition's leader", "hexalog-interbroker-offsets",
                requestTimeout, (leader, why) -> new NotLeaderOrFollowerException("The leader on node "
                        + leader.nodeId() + " at " + leader.host() + ":" + leader.port() + " did not answer: " + why));
    }

    @Override
    public CompletableFuture<Optional<Offset>> listOffset(BrokerNode leader, TopicPartition partition, long timestamp,
                                                          boolean readCommitted) {
        ListOffsetsTopic topic = new ListOffsetsTopic().setName(partition.topic().value()).setPartitions(List.of(
                new ListOffsetsPartition().setPartitionIndex(partition.partition()).setTimestamp(timestamp)));
        ListOffsetsRequest request = ListOffsetsRequest.Builder
                .forConsumer(true, readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED)
                .setTargetTimes(List.of(topic)).build(VERSION);
        return connections.send(leader, ApiKeys.LIST_OFFSETS, VERSION, request)
                .thenApply(response -> found(leader, partition, ((ListOffsetsResponse) response).data().topics()));
    }

    /** Closes every connection; lookups still waiting fail. */
    @Override
    public void close() {
        connections.close();
    }

    private static Optional<Offset> found(BrokerNode leader, TopicPartition partition,
                                          List<ListOffsetsTopicResponse> topics) {
        ListOffsetsPartitionResponse answer = topics.stream()
                .filter(topic -> topic.name().equals(partition.topic().value()))
                .flatMap(topic -> topic.partitions().stream())
                .filter(found -> found.partitionIndex() == partition.partition())
                .findFirst()
                .orElseThrow(() -> new NotLeaderOrFollowerException("The leader on node " + leader.nodeId()
                        + " answered without partition " + partition));
        Errors error = Errors.forCode(answer.errorCode());
        if (error != Errors.NONE) {
            throw exception(error, leader, partition);
        }
        if (answer.offset() < 0) {
            return Optional.empty();
        }
        OptionalLong timestamp = answer.timestamp() < 0
                ? OptionalLong.empty() : OptionalLong.of(answer.timestamp());
        return Optional.of(new Offset(answer.offset(), timestamp, Math.max(0, answer.leaderEpoch())));
    }

    /** The leader's error as this broker's services know it. */
    static HexalogException exception(Errors error, BrokerNode leader, TopicPartition partition) {
        String message = "The leader on node " + leader.nodeId() + " answered " + error.name() + " for partition "
                + partition + ": " + error.message();
        if (error == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
            return new UnknownTopicOrPartitionException(message);
        }
        // NOT_LEADER_OR_FOLLOWER, or a leader that cannot answer now (storage, election): ask again
        return new NotLeaderOrFollowerException(message);
    }
}
