package io.hexalog.application.port.in;

import io.hexalog.domain.topic.Topic;

/** Adds partitions to a topic (CreatePartitions). Partitions are never removed. */
public interface CreatePartitionsUseCase {

    /**
     * @return the topic as grown (or as it would be, for a validate-only command)
     * @throws io.hexalog.domain.error.UnknownTopicOrPartitionException if there is no such topic
     * @throws io.hexalog.domain.error.InvalidPartitionsException       unless the count is above the present one
     */
    Topic createPartitions(CreatePartitionsCommand command);
}
