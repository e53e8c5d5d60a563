package io.hexalog.application.port.in;

import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;

/** Reads committed offsets (OffsetFetch). A group that does not exist has no offsets. */
public interface FetchOffsetsQuery {

    /** Every offset the group committed. */
    Map<TopicPartition, CommittedOffset> committedOffsets(GroupId group);

    /** The group's offsets of these partitions; partitions without one are absent from the answer. */
    Map<TopicPartition, CommittedOffset> committedOffsets(GroupId group, Collection<TopicPartition> partitions);
}
