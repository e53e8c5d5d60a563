package io.hexalog.benchmarks.failover;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What a producer sent and what the brokers acknowledged, record by record: the partition each record went to
 * and, once acknowledged, its offset and when the acknowledgement arrived. It answers how long
 * a partition went without acknowledgements after a broker was killed, and which records a read-back must find.
 * Records are numbered from 0 in the order they were sent.
 */
final class AcknowledgementLog {

    private static final long NOT_ACKNOWLEDGED = -1;

    private final int[] partitions;
    private final long[] offsets;
    private final long[] acknowledgedNanos;
    private int sent;
    private long failed;

    AcknowledgementLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an acknowledgement log holds at least one record");
        }
        partitions = new int[capacity];
        offsets = new long[capacity];
        acknowledgedNanos = new long[capacity];
        Arrays.fill(acknowledgedNanos, NOT_ACKNOWLEDGED);
    }

    /** Record {@code index}, the next one, goes to {@code partition}. */
    synchronized void sent(int index, int partition) {
        if (index != sent) {
            throw new IllegalArgumentException("record " + index + " sent out of turn, expected " + sent);
        }
        partitions[index] = partition;
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
     * How long after {@code killNanos} the partition's acknowledgements resumed: the end of the longest pause
     * between two acknowledgements in a row that began before {@code killNanos + graceNanos} and ended after the
     * kill. The grace allows for answers the killed broker sent just before it died, which the producer may
     * still read after the kill; a pause that begins later is not the kill's doing.
     *
     * @return nanoseconds from the kill, or -1 when nothing on the partition was acknowledged after the kill
     */
    synchronized long resumedAfterNanos(int partition, long killNanos, long graceNanos) {
        long[] acknowledgements = Arrays.stream(indexesOn(partition))
                .mapToLong(index -> acknowledgedNanos[index])
                .filter(at -> at != NOT_ACKNOWLEDGED)
                .sorted()
                .toArray();
        long longestPause = -1;
        long resumedAt = -1;
        for (int i = 1; i < acknowledgements.length; i++) {
            long pause = acknowledgements[i] - acknowledgements[i - 1];
            boolean spansTheKill = acknowledgements[i - 1] < killNanos + graceNanos && acknowledgements[i] > killNanos;
            if (spansTheKill && pause > longestPause) {
                longestPause = pause;
                resumedAt = acknowledgements[i];
            }
        }
        return resumedAt < 0 ? -1 : resumedAt - killNanos;
    }

    private int[] indexesOn(int partition) {
        return IntStream.range(0, sent).filter(index -> partitions[index] == partition).toArray();
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
