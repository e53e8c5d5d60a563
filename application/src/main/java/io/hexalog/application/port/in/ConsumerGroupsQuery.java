package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.ConsumerGroupState;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes and lists the groups of the consumer protocol (ConsumerGroupDescribe, and their part of
 * ListGroups). Answers from memory without blocking.
 */
public interface ConsumerGroupsQuery {

    /**
     * The consumer group with this ID.
     *
     * @return empty if there is none (a classic group of that ID is not one)
     * @throws io.hexalog.domain.error.NotCoordinatorException if this broker does not coordinate groups now
     */
    Optional<ConsumerGroupDescription> describeConsumerGroup(GroupId group);

    /** Every consumer group, sorted by group ID. */
    List<Listing> listConsumerGroups();

    /** A consumer group among all of them. */
    record Listing(GroupId groupId, ConsumerGroupState state) {
        public Listing {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(state, "state");
        }
    }
}
