package io.hexalog.domain.compaction;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.LastRecord;
import io.hexalog.domain.testdata.RecordBatchBuilder;
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

    private final KeyOffsetMap latest = KeyOffsetMap.forKeys(1000);

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
    void shouldKeepEveryRecordFromTheFirstOneAFullMapRefused() {
        KeyOffsetMap full = new KeyOffsetMap(2, 1);
        full.put(key("k"), 6);
        full.put(key("other"), 8);
        CompactionRule rule = new CompactionRule(full, List.of(), Map.of(), NOW);
        RecordBatch batch = aBatch().baseOffset(5).records(6).build();

        assertThat(rule.retainRecord(batch, 5, key("k"), true, OptionalLong.empty()))
                .as("an older record of a key the map holds, before the end").isFalse();
        assertThat(rule.retainRecord(batch, 8, key("other"), false, OptionalLong.of(NOW)))
                .as("a tombstone past its horizon the map never saw").isTrue();
        assertThat(rule.retainRecord(batch, 9, null, true, OptionalLong.empty())).isTrue();
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

        assertThat(rule.checkBatch(aborted).retention()).isEqualTo(BatchRetention.DELETE);
        assertThat(rule.retainRecord(aborted, 10, key("k"), true, OptionalLong.empty())).isFalse();
    }

    @Test
    void shouldKeepTheBatchesOfAnotherProducersTransaction() {
        RecordBatch committed = aBatch().baseOffset(10).records(2).producer(PRODUCER + 1, 0, 0).transactional().build();
        CompactionRule rule = rule(List.of(new AbortedTransaction(PRODUCER, 10, 12)), Map.of());

        assertThat(rule.checkBatch(committed).retention()).isEqualTo(BatchRetention.DELETE_EMPTY);
        assertThat(rule.retainRecord(committed, 10, key("k"), true, OptionalLong.empty())).isTrue();
    }

    @Test
    void shouldKeepAMarkerWhileDataOfItsTransactionIsInTheLog() {
        RecordBatch data = aBatch().baseOffset(10).records(2).producer(PRODUCER, 0, 0).transactional().build();
        RecordBatch marker = marker(12).build();
        CompactionRule rule = rule(List.of(), Map.of());

        rule.checkBatch(data);
        BatchDecision decision = rule.checkBatch(marker);

        assertThat(decision).isEqualTo(new BatchDecision(BatchRetention.DELETE_EMPTY, false, false));
        assertThat(rule.retainRecord(marker, 12, key("ignored"), true, OptionalLong.empty())).isTrue();
    }

    @Test
    void shouldKeepTheMarkerOfAnAbortedTransactionWhileTheCleaningRemovesItsData() {
        RecordBatch aborted = aBatch().baseOffset(10).records(2).producer(PRODUCER, 0, 0).transactional().build();
        CompactionRule rule = rule(List.of(new AbortedTransaction(PRODUCER, 10, 12)), Map.of());

        assertThat(rule.checkBatch(aborted)).isEqualTo(new BatchDecision(BatchRetention.DELETE, true, false));
        assertThat(rule.checkBatch(marker(12).build()).markerWithoutData()).isFalse();
    }

    @Test
    void shouldGiveAMarkerWhoseTransactionHasNoDataLeftADeleteHorizonFirst() {
        CompactionRule rule = rule(List.of(), Map.of());

        BatchDecision decision = rule.checkBatch(marker(12).build());

        assertThat(decision).isEqualTo(new BatchDecision(BatchRetention.DELETE_EMPTY, false, true));
    }

    @Test
    void shouldKeepAMarkerWithoutDataUntilItsDeleteHorizonHasPassed() {
        CompactionRule rule = rule(List.of(), Map.of());

        assertThat(rule.checkBatch(marker(12).deleteHorizon(NOW + 1).build()).retention())
                .isEqualTo(BatchRetention.DELETE_EMPTY);
        assertThat(rule.checkBatch(marker(14).deleteHorizon(NOW).build()))
                .isEqualTo(new BatchDecision(BatchRetention.DELETE, true, true));
    }

    @Test
    void shouldJudgeEachMarkerByTheDataOfItsOwnProducerSinceItsPreviousMarker() {
        CompactionRule rule = rule(List.of(), Map.of());

        rule.checkBatch(aBatch().baseOffset(10).producer(PRODUCER, 0, 0).transactional().build());
        rule.checkBatch(aBatch().baseOffset(11).producer(PRODUCER + 1, 0, 0).transactional().build());
        BatchDecision first = rule.checkBatch(marker(12).build());
        BatchDecision second = rule.checkBatch(marker(13).build());

        assertThat(first.markerWithoutData()).isFalse();
        assertThat(second.markerWithoutData()).isTrue();
    }

    @Test
    void shouldNotCountTheDataOfAnIdempotentProducerAsATransaction() {
        CompactionRule rule = rule(List.of(), Map.of());

        rule.checkBatch(aBatch().baseOffset(10).producer(PRODUCER, 0, 0).build());

        assertThat(rule.checkBatch(marker(11).build()).markerWithoutData()).isTrue();
    }

    @Test
    void shouldKeepTheLastBatchOfAProducerEvenWhenEmptied() {
        RecordBatch last = aBatch().baseOffset(3).records(2).producer(PRODUCER, 0, 0).build();
        RecordBatch earlier = aBatch().baseOffset(0).records(2).producer(PRODUCER, 0, 0).build();
        CompactionRule rule = rule(List.of(), Map.of(PRODUCER, new LastRecord(OptionalLong.of(4), (short) 0)));

        assertThat(rule.checkBatch(last).retention()).isEqualTo(BatchRetention.RETAIN_EMPTY);
        assertThat(rule.checkBatch(earlier).retention()).isEqualTo(BatchRetention.DELETE_EMPTY);
    }

    @Test
    void shouldKeepTheMarkerOfAProducerWithoutDataInItsEpochEvenOnceItsHorizonHasPassed() {
        // a transaction of epoch 0 whose commit marker bumped the epoch to 1 (KIP-890); no data of it is left
        RecordBatch bumping = marker(11).producer(PRODUCER, 1, -1).deleteHorizon(NOW - 1).build();
        CompactionRule rule = rule(List.of(), Map.of(PRODUCER, new LastRecord(OptionalLong.empty(), (short) 1)));

        BatchDecision decision = rule.checkBatch(bumping);

        assertThat(decision.retention()).isEqualTo(BatchRetention.RETAIN_EMPTY);
        assertThat(decision.dropRecords()).as("its records go, the batch stays").isTrue();
    }

    @Test
    void shouldNotKeepAMarkerForAProducerWhoseLastRecordIsData() {
        // epoch 0 throughout: the producer's data batch at 10 holds its state, not the marker after it
        RecordBatch sameEpoch = marker(11).deleteHorizon(NOW - 1).build();
        RecordBatch olderEpoch = marker(12).deleteHorizon(NOW - 1).build();

        assertThat(rule(List.of(), Map.of(PRODUCER, new LastRecord(OptionalLong.of(10), (short) 0)))
                .checkBatch(sameEpoch).retention()).isEqualTo(BatchRetention.DELETE);
        assertThat(rule(List.of(), Map.of(PRODUCER, new LastRecord(OptionalLong.empty(), (short) 1)))
                .checkBatch(olderEpoch).retention()).as("a marker of an older epoch").isEqualTo(BatchRetention.DELETE);
    }

    private static RecordBatchBuilder marker(long offset) {
        return aBatch().baseOffset(offset).producer(PRODUCER, 0, -1).transactional().control();
    }

    private CompactionRule rule(List<AbortedTransaction> aborted, Map<Long, LastRecord> lastRecords) {
        return new CompactionRule(latest, aborted, lastRecords, NOW);
    }
}
