package io.hexalog.domain.group;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A consumer group's position in one partition, as OffsetCommit wrote it.
 *
 * @param offset            the next offset the group will consume
 * @param leaderEpoch       the leader epoch of the last consumed record, if the client knew it
 * @param metadata          free text the client stored with the offset; never null
 * @param commitTimestampMs when the broker accepted the commit
 */
public record CommittedOffset(long offset, OptionalInt leaderEpoch, String metadata, long commitTimestampMs) {

    public CommittedOffset {
        Objects.requireNonNull(leaderEpoch, "leaderEpoch");
        Objects.requireNonNull(metadata, "metadata");
    }
}
