package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Looks topics up, for Metadata and for resolving the topics named in other requests. */
public interface DescribeTopicsQuery {

    /** Every topic, sorted by name. */
    List<Topic> listTopics();

    Optional<Topic> findTopic(TopicName name);

    Optional<Topic> findTopic(TopicId id);

    /**
     * The topic with this ID once this broker hosts its partitions. A broker of a cluster learns of a topic created
     * through another a little after that one (a round trip of the metadata log): it waits a moment for a topic it
     * does not know, and completes empty if the topic has not come by then; a single broker knows every topic at
     * once. The callers that wait for the same topic are answered in the order they asked, and before any caller
     * that finds it later, so that a producer's requests, which name the topic one after the other, are served in
     * that order.
     */
    default CompletableFuture<Optional<Topic>> awaitTopic(TopicId id) {
        return CompletableFuture.completedFuture(findTopic(id));
    }

    /** As {@link #awaitTopic(TopicId)}, for a topic named by name (older request versions). */
    default CompletableFuture<Optional<Topic>> awaitTopic(TopicName name) {
        return CompletableFuture.completedFuture(findTopic(name));
    }
}
