package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Creates a topic that a client names but that does not exist yet, with the broker's defaults, when the broker
 * allows it ({@code auto.create.topics.enable}). Metadata calls it for clients that allow auto-creation.
 */
public interface AutoCreateTopicUseCase {

    /**
     * Answers at once for a topic that exists; stores a new one off the caller's thread. May be called from an
     * event loop.
     *
     * @return completes with the topic as it exists, or as just created; empty when it does not exist and the
     *         broker does not create topics on demand, or when the name is an internal topic's, which is never
     *         auto-created. Fails with {@link io.hexalog.domain.error.InvalidTopicException} if the name
     *         collides with an existing topic's.
     */
    CompletableFuture<Optional<Topic>> findOrAutoCreate(TopicName name);
}
