package io.hexalog.application.port.in;

import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.Topic;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Adds partitions to a topic (CreatePartitions). Partitions are never removed. */
public interface CreatePartitionsUseCase {

    /**
     * Stores the grown topic off the caller's thread; may be called from an event loop.
     *
     * @return completes with the topic as grown (or as it would be, for a validate-only command) once it is
     *         stored; fails with {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} if there is
     *         no such topic, {@link io.hexalog.domain.error.InvalidPartitionsException} unless the count is
     *         above the present one, {@link io.hexalog.domain.error.PolicyViolationException} if the broker would
     *         host more partitions than it may ({@code max.broker.partitions})
     */
    CompletableFuture<Topic> createPartitions(CreatePartitionsCommand command);

    /**
     * Whether a CreatePartitions request may go on at all, before any topic grows: like CreateTopics, it may
     * add at most {@value io.hexalog.domain.topic.PartitionCountPolicy#MAX_PARTITIONS_PER_REQUEST} partitions
     * in all. Answers at once; changes nothing.
     *
     * @param commands the request's topics; unknown topics and counts that are not an increase add nothing
     * @return rejected with {@link io.hexalog.domain.error.PolicyViolationException} over the limit
     */
    Decision checkCreatePartitionsRequest(List<CreatePartitionsCommand> commands);
}
