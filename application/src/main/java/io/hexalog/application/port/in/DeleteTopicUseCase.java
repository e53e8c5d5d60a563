package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.util.concurrent.CompletableFuture;

/** Deletes topics and their data (DeleteTopics). Both methods delete off the caller's thread. */
public interface DeleteTopicUseCase {

    /**
     * @return completes with the deleted topic once it is gone; fails with
     *         {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} if there is no such topic
     */
    CompletableFuture<Topic> deleteTopic(TopicName name);

    /**
     * @return completes with the deleted topic once it is gone; fails with
     *         {@link io.hexalog.domain.error.UnknownTopicIdException} if there is no such topic
     */
    CompletableFuture<Topic> deleteTopic(TopicId id);
}
