package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cleaner checkpoints in a map, for as long as the logs they describe: the partition log store forgets a topic's
 * checkpoints when it deletes the topic's logs ({@link #deleteTopic}), so that a broker creating and deleting compacted
 * topics does not keep an entry for every partition it ever cleaned.
 */
final class InMemoryCleanerCheckpointStore implements CleanerCheckpointStore {

    private final Map<TopicIdPartition, Long> checkpoints = new ConcurrentHashMap<>();

    @Override
    public OptionalLong firstDirtyOffset(TopicIdPartition partition) {
        Long offset = checkpoints.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    @Override
    public CompletableFuture<Void> checkpoint(TopicIdPartition partition, long firstDirtyOffset) {
        if (firstDirtyOffset < 0) {
            throw new IllegalArgumentException("A checkpoint is an offset, never negative: " + firstDirtyOffset);
        }
        checkpoints.put(partition, firstDirtyOffset);
        return CompletableFuture.completedFuture(null);
    }

    /** Forgets the checkpoints of every partition of the topic. */
    void deleteTopic(TopicId topicId) {
        checkpoints.keySet().removeIf(partition -> partition.topicId().equals(topicId));
    }
}
