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

    /**
     * Finds the topic, creating it with the broker defaults if it does not exist and auto-creation is
     * enabled on the broker ({@code auto.create.topics.enable}) and allowed by the caller.
     */
    Optional<Topic> findOrAutoCreate(TopicName name, boolean allowAutoCreate);
}
