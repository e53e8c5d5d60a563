package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.util.List;
import java.util.Optional;

/** Looks topics up, for Metadata and for resolving the topics named in other requests. */
public interface DescribeTopicsQuery {

    /** Every topic, sorted by name. */
    List<Topic> listTopics();

    Optional<Topic> findTopic(TopicName name);

    Optional<Topic> findTopic(TopicId id);
}
