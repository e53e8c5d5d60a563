package io.hexalog.domain.group;

import java.util.Optional;

/**
 * When committed offsets expire ({@code offsets.retention.minutes}, KIP-211): only while the group has no
 * members, counting from when it became empty; offsets of a group without a protocol (committed by the
 * admin client or by consumers that assign partitions themselves), or of a group this broker knows only
 * from its stored offsets, count from their own commit.
 */
public record OffsetRetentionPolicy(long retentionMs) {

    public static final long KAFKA_DEFAULT_MS = 7L * 24 * 60 * 60 * 1000;

    public OffsetRetentionPolicy {
        if (retentionMs < 1) {
            throw new IllegalArgumentException("offset retention must be positive: " + retentionMs);
        }
    }

    /**
     * @param group the group's membership state, empty when none is held in memory
     */
    public boolean isExpired(CommittedOffset offset, Optional<ClassicGroup> group, long nowMs) {
        if (group.isEmpty()) {
            return nowMs - offset.commitTimestampMs() >= retentionMs;
        }
        ClassicGroup known = group.get();
        if (known.state() != GroupState.EMPTY) {
            return false;
        }
        long since = known.protocolType().isPresent() ? known.stateTimestampMs() : offset.commitTimestampMs();
        return nowMs - since >= retentionMs;
    }
}
