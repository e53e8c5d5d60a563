package io.hexalog.application.port.in;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An offset found by a ListOffsets lookup.
 *
 * @param offset      the offset found
 * @param timestamp   the timestamp of the record that matched, for lookups by time; empty otherwise
 * @param leaderEpoch the leader epoch of the partition when it was looked up
 */
public record ListedOffset(long offset, OptionalLong timestamp, int leaderEpoch) {

    public ListedOffset {
        Objects.requireNonNull(timestamp, "timestamp");
        if (offset < 0 || leaderEpoch < 0) {
            throw new IllegalArgumentException("offset and leader epoch must not be negative: " + offset + ", " + leaderEpoch);
        }
    }
}
