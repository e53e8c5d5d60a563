package io.hexalog.application.service;

import io.hexalog.application.port.in.OffsetForLeaderEpochQuery;
import io.hexalog.domain.partition.EpochEndOffset;
import io.hexalog.domain.topic.TopicIdPartition;

/** Answers where leader epochs end, from the partition logs' own bookkeeping. */
public final class LeaderEpochService implements OffsetForLeaderEpochQuery {

    private final PartitionRegistry partitions;

    public LeaderEpochService(PartitionRegistry partitions) {
        this.partitions = partitions;
    }

    @Override
    public EpochEndOffset endOffsetForEpoch(TopicIdPartition partition, int leaderEpoch) {
        return partitions.led(partition).endOffsetForEpoch(leaderEpoch);
    }
}
