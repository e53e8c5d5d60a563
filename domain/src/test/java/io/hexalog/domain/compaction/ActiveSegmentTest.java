package io.hexalog.domain.compaction;

import io.hexalog.domain.config.CompactionConfig;
import io.hexalog.domain.log.BatchHeader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveSegmentTest {

    private static final int MIB = 1024 * 1024;
    private static final CompactionConfig ONE_MIB_SEGMENTS = CompactionConfig.KAFKA_DEFAULTS.withSegmentBytes(MIB);

    @Test
    void shouldMakeTheWholeLogTheActiveSegmentWhileItIsSmallAndYoung() {
        List<BatchHeader> log = List.of(batch(0, 10, 1000, 100), batch(10, 20, 1001, 100));

        assertThat(ActiveSegment.startOffset(log, ONE_MIB_SEGMENTS, 20)).isZero();
    }

    @Test
    void shouldStartTheActiveSegmentAtTheBatchThatWouldTakeThePreviousPastSegmentBytes() {
        List<BatchHeader> log = List.of(batch(0, 10, 1000, MIB / 2), batch(10, 20, 1000, MIB / 2),
                batch(20, 30, 1000, 1), batch(30, 40, 1000, 1));

        assertThat(ActiveSegment.startOffset(log, ONE_MIB_SEGMENTS, 40)).isEqualTo(20);
    }

    @Test
    void shouldCloseASegmentWhenABatchIsMoreThanSegmentMsNewerThanItsFirst() {
        CompactionConfig tenMs = ONE_MIB_SEGMENTS.withSegmentMs(10);
        List<BatchHeader> log = List.of(batch(0, 1, 1000, 10), batch(1, 2, 1010, 10), batch(2, 3, 1011, 10),
                batch(3, 4, 1015, 10));

        assertThat(ActiveSegment.startOffset(log, tenMs, 4)).isEqualTo(2);
    }

    @Test
    void shouldPutTheActiveSegmentAtTheLogEndOfAnEmptyLog() {
        assertThat(ActiveSegment.startOffset(List.of(), ONE_MIB_SEGMENTS, 42)).isEqualTo(42);
    }

    static BatchHeader batch(long base, long next, long maxTimestamp, int size) {
        return new BatchHeader(base, next, maxTimestamp, size);
    }
}
