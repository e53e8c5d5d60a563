package io.hexalog.application.port.in;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes groups and their offsets (DeleteGroups, OffsetDelete), off the caller's thread: both methods may be
 * called from an event loop. A deletion takes its place among the group's offset commits, in the order they
 * were made.
 */
public interface DeleteGroupsUseCase {

    /**
     * Deletes an empty group and all its offsets.
     *
     * @return completes once they are gone; fails with {@link io.hexalog.domain.error.GroupIdNotFoundException}
     *         if there is no such group, {@link io.hexalog.domain.error.NonEmptyGroupException} if it has
     *         members
     */
    CompletableFuture<Void> deleteGroup(GroupId group);

    /**
     * Deletes some of a group's offsets. A partition of a topic the group's consumers subscribe to keeps
     * its offset (GROUP_SUBSCRIBED_TO_TOPIC).
     *
     * @return completes, once the offsets are gone, with the error that kept each partition's offset, if any;
     *         fails with {@link io.hexalog.domain.error.GroupIdNotFoundException} if there is no such group,
     *         {@link io.hexalog.domain.error.NonEmptyGroupException} if its members do not use the consumer
     *         protocol
     */
    CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> deleteOffsets(GroupId group,
                                                                                    Collection<TopicPartition> partitions);
}
