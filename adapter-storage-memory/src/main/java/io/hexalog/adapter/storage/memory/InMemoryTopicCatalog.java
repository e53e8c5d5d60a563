package io.hexalog.adapter.storage.memory;

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

/** Topics in two maps, by name and by ID, changed together under the catalog's lock. */
final class InMemoryTopicCatalog implements TopicCatalog {

    private final Map<TopicName, Topic> byName = new ConcurrentHashMap<>();
    private final Map<TopicId, Topic> byId = new ConcurrentHashMap<>();
    /** Moves on after every change (see {@link TopicCatalog#version}). */
    private final AtomicLong version = new AtomicLong();

    @Override
    public synchronized void create(Topic topic) {
        if (byName.containsKey(topic.name())) {
            throw new TopicAlreadyExistsException("Topic '" + topic.name() + "' already exists");
        }
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
        version.incrementAndGet();
    }

    @Override
    public synchronized boolean update(Topic topic) {
        if (!byId.containsKey(topic.id())) {
            return false;
        }
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
        version.incrementAndGet();
        return true;
    }

    @Override
    public synchronized boolean delete(TopicId topicId) {
        Topic removed = byId.remove(topicId);
        if (removed == null) {
            return false;
        }
        byName.remove(removed.name());
        version.incrementAndGet();
        return true;
    }

    @Override
    public Optional<Topic> find(TopicName name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<Topic> find(TopicId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Collection<Topic> list() {
        return List.copyOf(byId.values());
    }

    @Override
    public long version() {
        return version.get();
    }
}
