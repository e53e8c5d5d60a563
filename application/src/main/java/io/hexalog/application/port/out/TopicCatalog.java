package io.hexalog.application.port.out;

import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.util.Collection;
import java.util.Optional;

/**
 * The topics that exist, by name and by ID. Implementations are thread-safe; a topic returned by one call
 * is never partially written.
 */
public interface TopicCatalog {

    /**
     * Adds a topic.
     *
     * @throws TopicAlreadyExistsException if a topic with this name exists (its ID may differ)
     */
    void create(Topic topic);

    /**
     * Replaces the stored topic that has this topic's ID, when its partition count or configs changed. The
     * name and ID of a topic never change.
     *
     * @return whether the topic existed (a topic deleted meanwhile is not brought back)
     */
    boolean update(Topic topic);

    /** Removes the topic with this ID; returns whether it existed. */
    boolean delete(TopicId topicId);

    Optional<Topic> find(TopicName name);

    Optional<Topic> find(TopicId id);

    /** Every topic, in no particular order. */
    Collection<Topic> list();
}
