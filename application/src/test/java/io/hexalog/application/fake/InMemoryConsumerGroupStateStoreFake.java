package io.hexalog.application.fake;

import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Consumer group images in a map, for tests of the application; counts the writes, which tests look at. */
public final class InMemoryConsumerGroupStateStoreFake implements ConsumerGroupStateStore {

    private final Map<GroupId, ConsumerGroupImage> images = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();

    @Override
    public void put(ConsumerGroupImage image) {
        writes.incrementAndGet();
        images.put(image.groupId(), image);
    }

    @Override
    public void remove(GroupId group) {
        writes.incrementAndGet();
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

    /** How many times {@link #put} and {@link #remove} were called. */
    public int writes() {
        return writes.get();
    }
}
