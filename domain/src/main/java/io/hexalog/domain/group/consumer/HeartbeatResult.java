package io.hexalog.domain.group.consumer;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a ConsumerGroupHeartbeat.
 *
 * @param assignment the partitions the member may consume now; present when the member sent a full request
 *                   or its assignment changed
 */
public record HeartbeatResult(String memberId, int memberEpoch, int heartbeatIntervalMs,
                              Optional<PartitionAssignment> assignment) {

    public HeartbeatResult {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(assignment, "assignment");
    }
}
