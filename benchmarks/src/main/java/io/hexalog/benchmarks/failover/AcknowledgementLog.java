package io.hexalog.benchmarks.failover;

import java.util.Arrays;

/**
 * What a producer sent and what the brokers acknowledged, record by record: the partition each record went to,
 * when it was due, and, once acknowledged, its offset and when the acknowledgement arrived. It answers how long
 * a partition went without acknowledgements after a broker was killed, and which records a read-back must find.
 * Records are numbered from 0 in the order they were sent.
 */
final class AcknowledgementLog {

    private static final long NOT_ACKNOWLEDGED = -1;

    private final int[] partitions;
    private final long[] dueNanos;
    private final long[] offsets;
    private final long[] acknowledgedNanos;
    private int sent;
    private long failed;

    AcknowledgementLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an acknowledgement log holds at least one record");
        }
        partitions = new int[capacity];
        dueNanos = new long[capacity];
        offsets = new long[capacity];
        acknowledgedNanos = new long[capacity];
        Arrays.fill(acknowledgedNanos, NOT_ACKNOWLEDGED);
    }

    /** Record {@code index}, the next one, goes to {@code partition}; it was due to be sent at {@code dueNanos}. */
    synchronized void sent(int index, int partition, long dueNanos) {
        if (index != sent) {
            throw new IllegalArgumentException("record " + index + " sent out of turn, expected " + sent);
        }
        partitions[index] = partition;
        this.dueNanos[index] = dueNanos;
        sent++;
    }

    /** The broker acknowledged record {@code index} at {@code offset}, at {@code atNanos}. */
    synchronized void acknowledged(int index, long offset, long atNanos) {
        offsets[index] = offset;
        acknowledgedNanos[index] = atNanos;
    }

    /** Record {@code index} failed: it was never acknowledged. */
    synchronized void failed(int index) {
        failed++;
    }

    synchronized int sent() {
        return sent;
    }

    synchronized long failed() {
        return failed;
    }

    synchronized long acknowledged() {
        return Arrays.stream(acknowledgedNanos, 0, sent).filter(at -> at != NOT_ACKNOWLEDGED).count();
    }

    synchronized boolean isAcknowledged(int index) {
        return acknowledgedNanos[index] != NOT_ACKNOWLEDGED;
    }

    synchronized int partitionOf(int index) {
        return partitions[index];
    }

    synchronized long offsetOf(int index) {
        return offsets[index];
    }

    /**
     * How long after {@code killNanos} the partition's acknowledgements resumed: until the first record due at
     * or after the kill was acknowledged. Records already in flight at the kill do not count, since the killed
     * broker may have answered them in its last moment.
     *
     * @return nanoseconds from the kill, or -1 when no record due after the kill was acknowledged
     */
    synchronized long resumedAfterNanos(int partition, long killNanos) {
        for (int index = 0; index < sent; index++) {
            if (partitions[index] == partition && dueNanos[index] >= killNanos) {
                return acknowledgedNanos[index] == NOT_ACKNOWLEDGED ? -1 : acknowledgedNanos[index] - killNanos;
            }
        }
        return -1;
    }

    /** The longest time between two acknowledgements in a row on one partition, over the whole run. */
    synchronized long longestPauseNanos() {
        long longest = 0;
        long[] previous = new long[Arrays.stream(partitions, 0, sent).max().orElse(0) + 1];
        Arrays.fill(previous, NOT_ACKNOWLEDGED);
        Integer[] byAcknowledgement = new Integer[sent];
        for (int index = 0; index < sent; index++) {
            byAcknowledgement[index] = index;
        }
        Arrays.sort(byAcknowledgement, (a, b) -> Long.compare(acknowledgedNanos[a], acknowledgedNanos[b]));
        for (int index : byAcknowledgement) {
            long at = acknowledgedNanos[index];
            if (at == NOT_ACKNOWLEDGED) {
                continue;
            }
            int partition = partitions[index];
            if (previous[partition] != NOT_ACKNOWLEDGED) {
                longest = Math.max(longest, at - previous[partition]);
            }
            previous[partition] = at;
        }
        return longest;
    }
}
