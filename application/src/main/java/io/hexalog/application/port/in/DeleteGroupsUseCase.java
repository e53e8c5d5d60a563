package io.hexalog.application.port.in;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Deletes groups and their offsets (DeleteGroups, OffsetDelete). */
public interface DeleteGroupsUseCase {

    /**
     * Deletes an empty group and all its offsets.
     *
     * @throws io.hexalog.domain.error.GroupIdNotFoundException if there is no such group
     * @throws io.hexalog.domain.error.NonEmptyGroupException   if it has members
     */
    void deleteGroup(GroupId group);

    /**
     * Deletes some of a group's offsets. A partition of a topic the group's consumers subscribe to keeps
     * its offset (GROUP_SUBSCRIBED_TO_TOPIC).
     *
     * @return for each partition, the error that kept its offset, if any
     * @throws io.hexalog.domain.error.GroupIdNotFoundException if there is no such group
     * @throws io.hexalog.domain.error.NonEmptyGroupException   if its members do not use the consumer protocol
     */
    Map<TopicPartition, Optional<HexalogException>> deleteOffsets(GroupId group, Collection<TopicPartition> partitions);
}
