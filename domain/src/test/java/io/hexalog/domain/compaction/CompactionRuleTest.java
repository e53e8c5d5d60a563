package io.hexalog.domain.compaction;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static io.hexalog.domain.compaction.KeyOffsetMapTest.key;
import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

class CompactionRuleTest {

    private static final long NOW = 50_000;
    private static final long PRODUCER = 7;

    private final KeyOffsetMap latest = new KeyOffsetMap();

    @Test
    void shouldKeepOnlyTheLatestRecordOfAKey() {
        latest.put(key("k"), 5);
        CompactionRule rule = rule(List.of(), Map.of());
        RecordBatch batch = aBatch().records(6).build();

        assertThat(rule.retainRecord(batch, 2, key("k"), true, OptionalLong.empty())).isFalse();
        assertThat(rule.retainRecord(batch, 5, key("k"), true, OptionalLong.empty())).isTrue();
    }

    @Test
    void shouldKeepARecordOfAKeyTheMapDoesNotHold() {
        CompactionRule rule = rule(List.of(), Map.of());

        assertThat(rule.retainRecord(aBatch().build(), 0, key("elsewhere"), true, OptionalLong.empty())).isTrue();
    }

    @Test
    void shouldDropRecordsWithoutAKey() {
        CompactionRule rule = rule(List.of(), Map.of());

        assertThat(rule.retainRecord(aBatch().build(), 0, null, true, OptionalLong.empty())).isFalse();
    }

    @Test
    void shouldKeepATombstoneUntilItsDeleteHorizonHasPassed() {
        latest.put(key("gone"), 0);
        CompactionRule rule = rule(List.of(), Map.of());
        RecordBatch batch = aBatch().build();

        assertThat(rule.retainRecord(batch, 0, key("gone"), false, OptionalLong.empty())).isTrue();
        assertThat(rule.retainRecord(batch, 0, key("gone"), false, OptionalLong.of(NOW + 1))).isTrue();
        assertThat(rule.retainRecord(batch, 0, key("gone"), false, OptionalLong.of(NOW))).isFalse();
    }

    @Test
    void shouldDeleteTheBatchesOfAnAbortedTransaction() {
        RecordBatch aborted = aBatch().baseOffset(10).records(2).producer(PRODUCER, 0, 0).transactional().build();
        CompactionRule rule = rule(List.of(new AbortedTransaction(PRODUCER, 10, 12)), Map.of());

        assertThat(rule.batchRetention(aborted)).isEqualTo(BatchRetention.DELETE);
        assertThat(rule.retainRecord(aborted, 10, key("k"), true, OptionalLong.empty())).isFalse();
    }

    @Test
    void shouldKeepTheBatchesOfAnotherProducersTransaction() {
        RecordBatch committed = aBatch().baseOffset(10).records(2).producer(PRODUCER + 1, 0, 0).transactional().build();
        CompactionRule rule = rule(List.of(new AbortedTransaction(PRODUCER, 10, 12)), Map.of());

        assertThat(rule.batchRetention(committed)).isEqualTo(BatchRetention.DELETE_EMPTY);
        assertThat(rule.retainRecord(committed, 10, key("k"), true, OptionalLong.empty())).isTrue();
    }

    @Test
    void shouldKeepTransactionMarkers() {
        RecordBatch marker = aBatch().baseOffset(12).producer(PRODUCER, 0, -1).transactional().control().build();
        CompactionRule rule = rule(List.of(new AbortedTransaction(PRODUCER, 10, 12)), Map.of());

        assertThat(rule.retainRecord(marker, 12, key("ignored"), true, OptionalLong.empty())).isTrue();
    }

    @Test
    void shouldKeepTheLastBatchOfAProducerEvenWhenEmptied() {
        RecordBatch last = aBatch().baseOffset(3).records(2).producer(PRODUCER, 0, 0).build();
        RecordBatch earlier = aBatch().baseOffset(0).records(2).producer(PRODUCER, 0, 0).build();
        CompactionRule rule = rule(List.of(), Map.of(PRODUCER, 4L));

        assertThat(rule.batchRetention(last)).isEqualTo(BatchRetention.RETAIN_EMPTY);
        assertThat(rule.batchRetention(earlier)).isEqualTo(BatchRetention.DELETE_EMPTY);
    }

    private CompactionRule rule(List<AbortedTransaction> aborted, Map<Long, Long> lastOffsets) {
        return new CompactionRule(latest, aborted, lastOffsets, NOW);
    }
}
