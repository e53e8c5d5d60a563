package io.hexalog.application.port.in;

import io.hexalog.domain.partition.EpochEndOffset;
import io.hexalog.domain.topic.TopicIdPartition;

/**
 * Where a leader epoch's writes end (OffsetForLeaderEpoch, KIP-320): consumers ask after a metadata change
 * to check that their position was not truncated away.
 */
public interface OffsetForLeaderEpochQuery {

    /**
     * @return the epoch and its end offset; undefined (-1, -1) for an epoch this partition never had
     * @throws io.hexalog.domain.error.UnknownTopicOrPartitionException for an unknown partition
     */
    EpochEndOffset endOffsetForEpoch(TopicIdPartition partition, int leaderEpoch);
}
