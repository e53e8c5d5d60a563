package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;

import java.util.concurrent.CompletableFuture;

/** Adds partitions to a topic (CreatePartitions). Partitions are never removed. */
public interface CreatePartitionsUseCase {

    /**
     * Stores the grown topic off the caller's thread; may be called from an event loop.
     *
     * @return completes with the topic as grown (or as it would be, for a validate-only command) once it is
     *         stored; fails with {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} if there is
     *         no such topic, {@link io.hexalog.domain.error.InvalidPartitionsException} unless the count is
     *         above the present one
     */
    CompletableFuture<Topic> createPartitions(CreatePartitionsCommand command);
}
