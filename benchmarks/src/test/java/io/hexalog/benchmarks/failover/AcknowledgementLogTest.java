package io.hexalog.benchmarks.failover;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgementLogTest {

    private static final long MS = 1_000_000;

    @Test
    void shouldMeasureUnavailabilityUntilTheFirstRecordDueAfterTheKillIsAcknowledged() {
        AcknowledgementLog log = new AcknowledgementLog(4);
        sendAndAcknowledge(log, 0, 0, 10 * MS, 12 * MS);
        // Due before the kill at 15 ms, answered by the dying leader just after it: not a resumption.
        sendAndAcknowledge(log, 1, 0, 14 * MS, 16 * MS);
        sendAndAcknowledge(log, 2, 0, 20 * MS, 2_400 * MS);
        sendAndAcknowledge(log, 3, 0, 30 * MS, 2_401 * MS);

        assertThat(log.resumedAfterNanos(0, 15 * MS)).isEqualTo(2_385 * MS);
    }

    @Test
    void shouldSayAPartitionNeverResumedWhenNoRecordDueAfterTheKillWasAcknowledged() {
        AcknowledgementLog log = new AcknowledgementLog(2);
        sendAndAcknowledge(log, 0, 0, 10 * MS, 12 * MS);
        log.sent(1, 0, 20 * MS);
        log.failed(1);

        assertThat(log.resumedAfterNanos(0, 15 * MS)).isEqualTo(-1);
        assertThat(log.acknowledged()).isEqualTo(1);
        assertThat(log.failed()).isEqualTo(1);
    }

    @Test
    void shouldFindTheLongestPauseBetweenAcknowledgementsOnOnePartition() {
        AcknowledgementLog log = new AcknowledgementLog(5);
        sendAndAcknowledge(log, 0, 0, 0, 10 * MS);
        sendAndAcknowledge(log, 1, 1, 1 * MS, 11 * MS);
        sendAndAcknowledge(log, 2, 0, 2 * MS, 500 * MS);
        // Partition 1 acknowledged in between, which does not shorten partition 0's pause.
        sendAndAcknowledge(log, 3, 1, 3 * MS, 300 * MS);
        sendAndAcknowledge(log, 4, 1, 4 * MS, 320 * MS);

        assertThat(log.longestPauseNanos()).isEqualTo(490 * MS);
    }

    private static void sendAndAcknowledge(AcknowledgementLog log, int index, int partition, long due, long at) {
        log.sent(index, partition, due);
        log.acknowledged(index, index, at);
    }
}
