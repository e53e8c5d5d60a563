package io.hexalog.application.port.out;

import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.util.Collection;
import java.util.Optional;

/**
 * The topics that exist, by name and by ID.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Thread-safe; a topic returned by one call is never partially written.</li>
 *   <li>{@link #create}, {@link #update} and {@link #delete} block the calling thread until the change is
 *       durable to the adapter's promise (for a persistent store: written and fsynced); never call them
 *       from an event loop. A read afterwards sees the change.</li>
 *   <li>{@link #find} and {@link #list} never block: they answer from memory, so they may be called from
 *       any thread, event loops included.</li>
 * </ul>
 */
public interface TopicCatalog {

    /**
     * Adds a topic. Blocks the calling thread until the topic is durable; never call from an event loop.
     *
     * @throws TopicAlreadyExistsException if a topic with this name exists (its ID may differ)
     */
    void create(Topic topic);

    /**
     * Replaces the stored topic that has this topic's ID, when its partition count or configs changed. The
     * name and ID of a topic never change. Blocks the calling thread until the change is durable; never call
     * from an event loop.
     *
     * @return whether the topic existed (a topic deleted meanwhile is not brought back)
     */
    boolean update(Topic topic);

    /**
     * Removes the topic with this ID. Blocks the calling thread until the removal is durable; never call from
     * an event loop.
     *
     * @return whether it existed
     */
    boolean delete(TopicId topicId);

    /** The topic with this name, answered from memory without blocking. */
    Optional<Topic> find(TopicName name);

    /** The topic with this ID, answered from memory without blocking. */
    Optional<Topic> find(TopicId id);

    /** Every topic, in no particular order, answered from memory without blocking. */
    Collection<Topic> list();

    /**
     * A number that moves on with every {@link #create}, {@link #update} and successful {@link #delete}, after the
     * change is visible to {@link #find} and {@link #list}: while it is the same, {@link #list} lists the same
     * topics, so a reader may keep what it worked out from them (Kafka's metadata image version, which consumer
     * groups re-resolve their regular expressions on). Answered from memory without blocking.
     */
    long version();
}
