package io.hexalog.domain.compaction;

import io.hexalog.domain.config.CompactionConfig;
import io.hexalog.domain.log.BatchHeader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hexalog.domain.compaction.ActiveSegmentTest.batch;
import static org.assertj.core.api.Assertions.assertThat;

class CleanableSectionTest {

    private static final long NOW = 100_000;
    /** Segments close every 10 ms of record time: here after each batch. */
    private static final CompactionConfig CONFIG = CompactionConfig.KAFKA_DEFAULTS.withSegmentMs(10);
    /** Four batches of 100 bytes 20 ms apart: the last is the active segment. */
    private static final List<BatchHeader> LOG = List.of(batch(0, 10, 1000, 100), batch(10, 20, 1020, 100),
            batch(20, 30, 1040, 100), batch(30, 40, 1060, 100));

    @Test
    void shouldEndTheCleanablePartAtTheActiveSegment() {
        CleanableSection section = CleanableSection.of(LOG, CONFIG, 0, 40, NOW);

        assertThat(section.firstUncleanableOffset()).isEqualTo(30);
        assertThat(section.dirtyBytes()).isEqualTo(300);
        assertThat(section.dirtyRatio()).isEqualTo(1.0);
        assertThat(section.needsCleaning(CONFIG)).isTrue();
    }

    @Test
    void shouldNeverCleanPastTheLastStableOffset() {
        CleanableSection section = CleanableSection.of(LOG, CONFIG, 0, 15, NOW);

        assertThat(section.firstUncleanableOffset()).isEqualTo(10);
        assertThat(section.dirtyBytes()).isEqualTo(100);
    }

    @Test
    void shouldLeaveRecordsYoungerThanTheMinimumCompactionLag() {
        CompactionConfig lagging = CONFIG.withMinCompactionLagMs(NOW - 1030);

        CleanableSection section = CleanableSection.of(LOG, lagging, 0, 40, NOW);

        assertThat(section.firstUncleanableOffset()).isEqualTo(20);
    }

    @Test
    void shouldCleanRecordsStampedAheadOfTheBrokersClockWhenThereIsNoMinimumLag() {
        CleanableSection section = CleanableSection.of(LOG, CONFIG, 0, 40, 0);

        assertThat(section.firstUncleanableOffset()).isEqualTo(30);
    }

    @Test
    void shouldWeighTheDirtyPartAgainstTheWholeCleanablePart() {
        CleanableSection section = CleanableSection.of(LOG, CONFIG, 20, 40, NOW);

        assertThat(section.cleanBytes()).isEqualTo(200);
        assertThat(section.dirtyBytes()).isEqualTo(100);
        assertThat(section.needsCleaning(CONFIG)).isFalse();
        assertThat(section.needsCleaning(CONFIG.withMinCleanableDirtyRatio(0.3))).isTrue();
    }

    @Test
    void shouldCleanAnOverdueLogWhateverItsRatio() {
        CompactionConfig overdue = CONFIG.withMaxCompactionLagMs(1);

        CleanableSection section = CleanableSection.of(LOG, overdue, 20, 40, NOW);

        assertThat(section.overdue()).isTrue();
        assertThat(section.needsCleaning(overdue)).isTrue();
    }

    @Test
    void shouldFindNothingToCleanOnceEverythingCleanableWasCleaned() {
        CleanableSection section = CleanableSection.of(LOG, CONFIG, 30, 40, NOW);

        assertThat(section.dirtyBytes()).isZero();
        assertThat(section.needsCleaning(CONFIG.withMaxCompactionLagMs(1).withMinCleanableDirtyRatio(0))).isFalse();
    }
    @Test
    void shouldCountABatchTheLastCleaningStoppedInsideAsDirty() {
        CleanableSection section = CleanableSection.of(LOG, CONFIG, 15, 40, NOW);

        assertThat(section.firstDirtyOffset()).isEqualTo(15);
        assertThat(section.cleanBytes()).isEqualTo(100);
        assertThat(section.dirtyBytes()).isEqualTo(200);
    }

    @Test
    void shouldCleanUpToTheFirstUncleanableOffsetWhenTheMapHeldEveryKey() {
        CleanableSection section = CleanableSection.of(LOG, CONFIG, 0, 40, NOW);
        KeyOffsetMap map = KeyOffsetMap.forKeys(100);
        map.put(KeyOffsetMapTest.key("a"), 3);

        assertThat(section.endOfCleaning(map)).isEqualTo(30);
    }

    @Test
    void shouldCleanOnlyUpToTheFirstRecordAFullMapRefused() {
        CleanableSection section = CleanableSection.of(LOG, CONFIG, 0, 40, NOW);
        KeyOffsetMap map = new KeyOffsetMap(2, 1);
        map.put(KeyOffsetMapTest.key("a"), 3);
        map.put(KeyOffsetMapTest.key("b"), 12);

        assertThat(section.endOfCleaning(map)).isEqualTo(12);
    }
}
