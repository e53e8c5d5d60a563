package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer groups' images in a map. On a single broker it outlives nothing the coordinator's memory does not; in a
 * cluster each node's copy lets a new coordinator restore the groups.
 */
final class InMemoryConsumerGroupStateStore implements ConsumerGroupStateStore {

    private final Map<GroupId, ConsumerGroupImage> images = new ConcurrentHashMap<>();

    @Override
    public void put(ConsumerGroupImage image) {
        images.put(image.groupId(), image);
    }

    @Override
    public void remove(GroupId group) {
        images.remove(group);
    }

    @Override
    public Optional<ConsumerGroupImage> find(GroupId group) {
        return Optional.ofNullable(images.get(group));
    }

    @Override
    public Map<GroupId, ConsumerGroupImage> all() {
        return Map.copyOf(images);
    }
}
