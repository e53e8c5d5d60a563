package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

/** Deletes topics and their data (DeleteTopics). */
public interface DeleteTopicUseCase {

    /** @throws io.hexalog.domain.error.UnknownTopicOrPartitionException if there is no such topic */
    Topic deleteTopic(TopicName name);

    /** @throws io.hexalog.domain.error.UnknownTopicIdException if there is no such topic */
    Topic deleteTopic(TopicId id);
}
