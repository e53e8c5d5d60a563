package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.UnknownTopicIdException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.Uuid;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the topic a request names, by name in older versions or by ID in newer ones (KIP-516), with the
 * error Kafka gives for each way of naming a topic that does not exist.
 */
final class TopicResolver {

    private final DescribeTopicsQuery topics;

    TopicResolver(DescribeTopicsQuery topics) {
        this.topics = topics;
    }

    /**
     * @param byId whether this request version names topics by ID
     * @throws HexalogException UNKNOWN_TOPIC_ID, UNKNOWN_TOPIC_OR_PARTITION or INVALID_TOPIC_EXCEPTION
     */
    Topic resolve(boolean byId, String name, Uuid id) {
        if (byId) {
            return topics.findTopic(TopicIds.fromWire(id))
                    .orElseThrow(() -> new UnknownTopicIdException("No topic has ID " + id));
        }
        return topics.findTopic(TopicName.of(name))
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist"));
    }

    /**
     * As {@link #resolve}, but a topic this broker does not know yet is waited for a moment: in a cluster it may have
     * been created through another node, and a producer's requests for it must be served in the order they came (see
     * {@link DescribeTopicsQuery#awaitTopic(TopicId)}). Completes at once when the topic is known.
     */
    CompletableFuture<Topic> resolveArriving(boolean byId, String name, Uuid id) {
        try {
            return CompletableFuture.completedFuture(resolve(byId, name, id));
        } catch (UnknownTopicIdException | UnknownTopicOrPartitionException unknown) {
            CompletableFuture<Optional<Topic>> arriving = byId ? topics.awaitTopic(TopicIds.fromWire(id))
                    : topics.awaitTopic(TopicName.of(name));
            return arriving.thenApply(arrived -> arrived.orElseThrow(() -> unknown));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
