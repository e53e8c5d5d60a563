package io.hexalog.application.port.in;

import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.Topic;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** Creates topics (CreateTopics). */
public interface CreateTopicUseCase {

    /**
     * Stores the topic off the caller's thread; may be called from an event loop.
     *
     * @return completes with the topic as created (or as it would be, for a validate-only command) once it is
     *         stored; fails with {@link io.hexalog.domain.error.TopicAlreadyExistsException} if the name is
     *         taken, {@link io.hexalog.domain.error.InvalidTopicException} if it collides with an existing
     *         topic's, {@link io.hexalog.domain.error.InvalidRequestException} for an internal topic's name,
     *         {@link io.hexalog.domain.error.InvalidReplicationFactorException} for more replicas than
     *         brokers, {@link io.hexalog.domain.error.InvalidConfigurationException} for configs the broker
     *         cannot honour, {@link io.hexalog.domain.error.PolicyViolationException} if the broker would host
     *         more partitions than it may ({@code max.broker.partitions})
     */
    CompletableFuture<Topic> createTopic(CreateTopicCommand command);

    /**
     * Whether a CreateTopics request may go on at all, before any of its topics is created: Kafka refuses one
     * whose topics would have more than {@value io.hexalog.domain.topic.PartitionCountPolicy#MAX_PARTITIONS_PER_REQUEST}
     * partitions in all. Answers at once; creates nothing.
     *
     * @param partitionCounts the count each topic of the request asks for, empty for the broker default; a count
     *                        below 1 adds nothing (its topic fails on its own)
     * @return rejected with {@link io.hexalog.domain.error.PolicyViolationException} over the limit
     */
    Decision checkCreateTopicsRequest(List<OptionalInt> partitionCounts);
}
