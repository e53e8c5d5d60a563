package io.hexalog.domain.compaction;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The offset of the latest record of each key in the dirty part of a log: what the cleaner keeps. Kafka's
 * {@code OffsetMap} keeps hashes of keys in a fixed buffer; this one keeps copies of the keys, so that two keys
 * never collide, at the price of memory proportional to the distinct keys of one cleaning.
 */
public final class KeyOffsetMap {

    /** The offset {@link #latestOffset} answers for a key the map does not hold: below every record's. */
    public static final long ABSENT = -1;

    private final Map<ByteBuffer, Long> latest = new HashMap<>();
    private long greatestOffset = ABSENT;

    /** Records that {@code key} was written at {@code offset}; a later offset replaces an earlier one. */
    public void put(ByteBuffer key, long offset) {
        ByteBuffer copy = ByteBuffer.allocate(key.remaining()).put(key.duplicate()).flip();
        latest.merge(copy, offset, Math::max);
        greatestOffset = Math.max(greatestOffset, offset);
    }

    /** The offset of the latest record of {@code key}, or {@link #ABSENT}. */
    public long latestOffset(ByteBuffer key) {
        return latest.getOrDefault(key, ABSENT);
    }

    public int size() {
        return latest.size();
    }

    /** The greatest offset put, or {@link #ABSENT}. */
    public long greatestOffset() {
        return greatestOffset;
    }
}
