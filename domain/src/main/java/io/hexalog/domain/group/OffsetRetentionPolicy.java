package io.hexalog.domain.group;

import java.util.Optional;

/**
 * When committed offsets expire ({@code offsets.retention.minutes}, KIP-211): for a classic group only while it
 * has no members, counting from when it became empty; offsets of a group without a protocol (committed by the
 * admin client or by consumers that assign partitions themselves), or of a group this broker knows only
 * from its stored offsets, count from their own commit. A consumer group's follow
 * {@link #isExpiredInConsumerGroup}.
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

    /**
     * For a consumer group (KIP-848), as Kafka's: an offset of a topic a member subscribes to never expires;
     * any other counts from its own commit, whether the group has members or not.
     *
     * @param subscribed whether a member of the group subscribes to the offset's topic
     */
    public boolean isExpiredInConsumerGroup(CommittedOffset offset, boolean subscribed, long nowMs) {
        return !subscribed && nowMs - offset.commitTimestampMs() >= retentionMs;
    }
}
