package io.hexalog.application.fake;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints in a map, for the application's tests; {@link #written()} counts the writes. */
public final class InMemoryCleanerCheckpointStoreFake implements CleanerCheckpointStore {

    private final Map<TopicIdPartition, Long> checkpoints = new ConcurrentHashMap<>();
    private volatile int written;

    @Override
    public OptionalLong firstDirtyOffset(TopicIdPartition partition) {
        Long offset = checkpoints.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    @Override
    public synchronized CompletableFuture<Void> checkpoint(TopicIdPartition partition, long firstDirtyOffset) {
        if (firstDirtyOffset < 0) {
            throw new IllegalArgumentException("A checkpoint is an offset, never negative: " + firstDirtyOffset);
        }
        checkpoints.put(partition, firstDirtyOffset);
        written++;
        return CompletableFuture.completedFuture(null);
    }

    /** Forgets the checkpoints of the topic's partitions, as a storage adapter does when it deletes the topic. */
    public void deleteTopic(TopicId topicId) {
        checkpoints.keySet().removeIf(partition -> partition.topicId().equals(topicId));
    }

    /** How many checkpoints were written. */
    public int written() {
        return written;
    }
}
