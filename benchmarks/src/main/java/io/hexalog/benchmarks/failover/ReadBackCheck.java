package io.hexalog.benchmarks.failover;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Compares what a consumer read back from a topic with what the brokers acknowledged: every acknowledged record
 * must be found at its acknowledged partition and offset, and no record may be found twice.
 */
final class ReadBackCheck {

    /**
     * @param acknowledged records the brokers acknowledged
     * @param read         records read back
     * @param lost         acknowledged records not found at their acknowledged offset
     * @param duplicated   records read back more than once (at several offsets)
     */
    record Verdict(long acknowledged, long read, long lost, long duplicated) {

        boolean nothingLostOrDuplicated() {
            return lost == 0 && duplicated == 0;
        }
    }

    private final Map<Long, Integer> recordAt = new HashMap<>();
    private final BitSet seen = new BitSet();
    private long read;
    private long duplicated;

    /** A consumer found record {@code index} at {@code offset} of {@code partition}. */
    void read(int partition, long offset, int index) {
        read++;
        recordAt.put(position(partition, offset), index);
        if (seen.get(index)) {
            duplicated++;
        }
        seen.set(index);
    }

    Verdict against(AcknowledgementLog log) {
        long acknowledged = 0;
        long lost = 0;
        for (int index = 0; index < log.sent(); index++) {
            if (!log.isAcknowledged(index)) {
                continue;
            }
            acknowledged++;
            Integer found = recordAt.get(position(log.partitionOf(index), log.offsetOf(index)));
            if (found == null || found != index) {
                lost++;
            }
        }
        return new Verdict(acknowledged, read, lost, duplicated);
    }

    private static long position(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }
}
