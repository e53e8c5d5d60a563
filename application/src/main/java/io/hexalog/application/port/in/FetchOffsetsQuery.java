package io.hexalog.application.port.in;

import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads committed offsets (OffsetFetch), off the caller's thread: both methods may be called from an event
 * loop. A group that does not exist has no offsets.
 */
public interface FetchOffsetsQuery {

    /** Completes with every offset the group committed. */
    CompletableFuture<Map<TopicPartition, CommittedOffset>> committedOffsets(GroupId group);

    /** Completes with the group's offsets of these partitions; partitions without one are absent. */
    CompletableFuture<Map<TopicPartition, CommittedOffset>> committedOffsets(GroupId group,
                                                                            Collection<TopicPartition> partitions);

    /**
     * Whether the member an OffsetFetch names (v9+, KIP-848) may read the group's offsets: one that names no member
     * (no member ID, epoch -1) always may, and so may anyone for a classic group or a group that does not exist; for
     * a consumer group, only a member with its current member epoch.
     *
     * @return completes normally if it may; exceptionally with UNKNOWN_MEMBER_ID for a member the group does not
     *         know, STALE_MEMBER_EPOCH for another epoch (ILLEGAL_GENERATION for a classic member of the group), or
     *         NOT_COORDINATOR
     */
    CompletableFuture<Void> checkFetchingMember(GroupId group, Optional<String> memberId, int memberEpoch);
}
