package io.hexalog.application.port.out;

import io.hexalog.domain.topic.TopicIdPartition;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Where the log cleaner's last cleaning of each partition stopped: Kafka's cleaner offset checkpoint
 * ({@code cleaner-offset-checkpoint}). The part of a compacted log before it is clean, the part from it on dirty, and
 * the cleaner weighs the two to decide whether to clean the log again. A persistent store keeps the checkpoints across
 * restarts, so that the first cleaning after one does not read and rewrite the whole log again; a checkpoint lost only
 * costs that work, since cleaning a clean part changes nothing. Implementations are thread-safe.
 *
 * <p>A store belongs to a storage adapter, whose {@link PartitionLogStore#deleteTopic} forgets the checkpoints of the
 * topic's partitions with their logs, so that a deleted topic leaves none behind.
 */
public interface CleanerCheckpointStore {

    /**
     * The checkpoint of {@code partition}: the offset its last cleaning stopped at, as last {@linkplain #checkpoint
     * written}. A persistent store may read it from disk: never call from an event loop.
     *
     * @return empty if no cleaning of the partition was checkpointed, or its topic was deleted since
     */
    OptionalLong firstDirtyOffset(TopicIdPartition partition);

    /**
     * Records that the last cleaning of {@code partition} stopped at {@code firstDirtyOffset}, replacing the
     * partition's checkpoint, be it greater or smaller; the checkpoints of other partitions, of the same topic or of
     * another incarnation of its name, are untouched. Once the future completes, {@link #firstDirtyOffset} answers the
     * new checkpoint; a persistent store has then written it as durably as its appends (its fsync policy).
     *
     * @throws IllegalArgumentException if {@code firstDirtyOffset} is negative
     */
    CompletableFuture<Void> checkpoint(TopicIdPartition partition, long firstDirtyOffset);
}
