package io.hexalog.benchmarks.failover;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgementLogTest {

    private static final long MS = 1_000_000;
    private static final long GRACE = 1_000 * MS;

    @Test
    void shouldMeasureUnavailabilityFromTheKillToTheEndOfThePauseItCaused() {
        AcknowledgementLog log = new AcknowledgementLog(4);
        sendAndAcknowledge(log, 0, 0, 12 * MS);
        // Answered by the dying leader just after the kill at 15 ms: not a resumption.
        sendAndAcknowledge(log, 1, 0, 16 * MS);
        sendAndAcknowledge(log, 2, 0, 2_400 * MS);
        sendAndAcknowledge(log, 3, 0, 2_401 * MS);

        assertThat(log.resumedAfterNanos(0, 15 * MS, GRACE)).isEqualTo(2_385 * MS);
    }

    @Test
    void shouldNotBlameTheKillForAPauseThatBeganWellAfterIt() {
        AcknowledgementLog log = new AcknowledgementLog(4);
        sendAndAcknowledge(log, 0, 0, 12 * MS);
        sendAndAcknowledge(log, 1, 0, 20 * MS);
        sendAndAcknowledge(log, 2, 0, 5_000 * MS);
        sendAndAcknowledge(log, 3, 0, 9_000 * MS);

        // The pause from 20 ms to 5,000 ms began within the grace: it counts; the one after 5,000 ms does not.
        assertThat(log.resumedAfterNanos(0, 15 * MS, GRACE)).isEqualTo(4_985 * MS);
        assertThat(log.resumedAfterNanos(0, 15 * MS, 1 * MS)).isEqualTo(5 * MS);
    }

    @Test
    void shouldSayAPartitionNeverResumedWhenNothingWasAcknowledgedAfterTheKill() {
        AcknowledgementLog log = new AcknowledgementLog(2);
        sendAndAcknowledge(log, 0, 0, 12 * MS);
        log.sent(1, 0);
        log.failed(1);

        assertThat(log.resumedAfterNanos(0, 15 * MS, GRACE)).isEqualTo(-1);
        assertThat(log.acknowledged()).isEqualTo(1);
        assertThat(log.failed()).isEqualTo(1);
    }

    @Test
    void shouldFindTheLongestPauseBetweenAcknowledgementsOnOnePartition() {
        AcknowledgementLog log = new AcknowledgementLog(5);
        sendAndAcknowledge(log, 0, 0, 10 * MS);
        sendAndAcknowledge(log, 1, 1, 11 * MS);
        sendAndAcknowledge(log, 2, 0, 500 * MS);
        // Partition 1 acknowledged in between, which does not shorten partition 0's pause.
        sendAndAcknowledge(log, 3, 1, 300 * MS);
        sendAndAcknowledge(log, 4, 1, 320 * MS);

        assertThat(log.longestPauseNanos()).isEqualTo(490 * MS);
    }

    private static void sendAndAcknowledge(AcknowledgementLog log, int index, int partition, long at) {
        log.sent(index, partition);
        log.acknowledged(index, index, at);
    }
}
