package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;

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
     *         cannot honour
     */
    CompletableFuture<Topic> createTopic(CreateTopicCommand command);
}
