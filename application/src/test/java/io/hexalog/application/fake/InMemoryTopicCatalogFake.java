package io.hexalog.application.fake;

import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The topic catalog in a map keyed by ID. */
public final class InMemoryTopicCatalogFake implements TopicCatalog {

    private final Map<TopicId, Topic> topics = new ConcurrentHashMap<>();
    /** Moves on after every change (see {@link TopicCatalog#version}). */
    private final AtomicLong version = new AtomicLong();

    @Override
    public synchronized void create(Topic topic) {
        if (find(topic.name()).isPresent()) {
            throw new TopicAlreadyExistsException("Topic '" + topic.name() + "' already exists");
        }
        topics.put(topic.id(), topic);
        version.incrementAndGet();
    }

    @Override
    public synchronized boolean update(Topic topic) {
        boolean updated = topics.computeIfPresent(topic.id(), (id, stored) -> topic) != null;
        if (updated) {
            version.incrementAndGet();
        }
        return updated;
    }

    @Override
    public boolean delete(TopicId topicId) {
        boolean deleted = topics.remove(topicId) != null;
        if (deleted) {
            version.incrementAndGet();
        }
        return deleted;
    }

    @Override
    public Optional<Topic> find(TopicName name) {
        return topics.values().stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    @Override
    public Optional<Topic> find(TopicId id) {
        return Optional.ofNullable(topics.get(id));
    }

    @Override
    public Collection<Topic> list() {
        return List.copyOf(topics.values());
    }

    @Override
    public long version() {
        return version.get();
    }
}
