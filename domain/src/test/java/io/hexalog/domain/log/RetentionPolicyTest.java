package io.hexalog.domain.log;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPolicyTest {

    private static final long NOW = 1_000_000L;

    /** Three batches of 100 bytes, offsets [0,5), [5,10), [10,15), written at NOW-3000, NOW-2000, NOW-1000. */
    private static final List<BatchHeader> LOG = List.of(
            new BatchHeader(0, 5, NOW - 3000, 100),
            new BatchHeader(5, 10, NOW - 2000, 100),
            new BatchHeader(10, 15, NOW - 1000, 100));

    @Test
    void shouldKeepEverythingWithoutLimits() {
        assertThat(new RetentionPolicy(-1, -1).cutPoint(LOG, NOW)).isEmpty();
    }

    @Test
    void shouldRemoveBatchesOlderThanRetentionMs() {
        assertThat(new RetentionPolicy(1500, -1).cutPoint(LOG, NOW)).hasValue(10);
    }

    @Test
    void shouldKeepABatchExactlyAtTheRetentionAge() {
        assertThat(new RetentionPolicy(2000, -1).cutPoint(LOG, NOW)).hasValue(5);
    }

    @Test
    void shouldRemoveEveryBatchWhenAllAreExpired() {
        assertThat(new RetentionPolicy(10, -1).cutPoint(LOG, NOW)).hasValue(15);
    }

    @Test
    void shouldStopAtTheFirstBatchThatMustStayEvenIfLaterOnesAreOlder() {
        List<BatchHeader> outOfOrder = List.of(new BatchHeader(0, 1, NOW, 10), new BatchHeader(1, 2, 0, 10));

        assertThat(new RetentionPolicy(100, -1).cutPoint(outOfOrder, NOW)).isEmpty();
    }

    @Test
    void shouldRemoveOldestBatchesWhileTheLogStaysAtLeastRetentionBytes() {
        assertThat(new RetentionPolicy(-1, 100).cutPoint(LOG, NOW)).hasValue(10);
        assertThat(new RetentionPolicy(-1, 150).cutPoint(LOG, NOW)).hasValue(5);
        assertThat(new RetentionPolicy(-1, 200).cutPoint(LOG, NOW)).hasValue(5);
        assertThat(new RetentionPolicy(-1, 300).cutPoint(LOG, NOW)).isEmpty();
        assertThat(new RetentionPolicy(-1, 0).cutPoint(LOG, NOW)).hasValue(15);
    }

    @Test
    void shouldApplyWhicheverLimitRemovesMore() {
        assertThat(new RetentionPolicy(2500, 100).cutPoint(LOG, NOW)).hasValue(10);
        assertThat(new RetentionPolicy(1500, 250).cutPoint(LOG, NOW)).hasValue(10);
    }

    @Test
    void shouldRemoveNothingFromAnEmptyLog() {
        assertThat(new RetentionPolicy(0, 0).cutPoint(List.of(), NOW)).isEmpty();
    }
}
