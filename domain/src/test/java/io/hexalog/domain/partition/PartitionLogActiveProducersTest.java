package io.hexalog.domain.partition;

import io.hexalog.domain.log.ControlRecordType;
import io.hexalog.domain.log.EndTransactionMarker;
import io.hexalog.domain.producer.ActiveProducer;
import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.testdata.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

class PartitionLogActiveProducersTest {

    private static final long TRANSACTIONAL = 1000L;
    private static final long IDEMPOTENT = 2000L;
    private static final long MARKER_TIME = 1_700_000_500_000L;

    private final PartitionLog log = PartitionLog.empty(0);

    private void append(RecordBatchBuilder batch) {
        log.append(List.of(batch.build()));
        log.commit(log.logEndOffset());
    }

    @Test
    void shouldDescribeATransactionalProducerWithWhereItsOngoingTransactionBegan() {
        append(aBatch().records(2));
        append(aBatch().producer(TRANSACTIONAL, 3, 0).transactional().timestamps(100L, 250L, 200L));

        assertThat(log.activeProducers()).containsExactly(
                new ActiveProducer(TRANSACTIONAL, (short) 3, 2, 250L, -1, 2L));
    }

    @Test
    void shouldDescribeAnIdempotentProducerWithoutATransaction() {
        append(aBatch().producer(IDEMPOTENT, 0, 0).timestamps(10L));
        append(aBatch().producer(IDEMPOTENT, 0, 1).timestamps(20L, 30L));

        assertThat(log.activeProducers()).containsExactly(
                new ActiveProducer(IDEMPOTENT, (short) 0, 2, 30L, -1, -1L));
    }

    @Test
    void shouldForgetTheTransactionOnceItsMarkerIsWrittenAndKeepTheMarkersCoordinatorEpochAndTime() {
        append(aBatch().producer(TRANSACTIONAL, 0, 0).transactional().timestamps(100L));
        log.apply(log.decideTransactionMarker(
                new EndTransactionMarker(ControlRecordType.COMMIT, TRANSACTIONAL, (short) 0, 7, MARKER_TIME)));

        assertThat(log.activeProducers()).containsExactly(
                new ActiveProducer(TRANSACTIONAL, (short) 0, 0, MARKER_TIME, 7, -1L));
    }

    @Test
    void shouldHandOutEveryProducersStateAsStorageKeepsItSoThatACopyRecoversTheSameLog() {
        append(aBatch().producer(TRANSACTIONAL, 3, 0).transactional().timestamps(100L, 250L));
        append(aBatch().producer(IDEMPOTENT, 0, 0).timestamps(10L));
        append(aBatch().producer(IDEMPOTENT, 0, 1).timestamps(20L, 30L));

        List<ProducerStateEntry> states = log.producerStates();

        assertThat(states).extracting(ProducerStateEntry::producerId).containsExactly(TRANSACTIONAL, IDEMPOTENT);
        assertThat(states.get(1).batches()).containsExactly(new BatchMetadata(0, 0, 2, 2),
                new BatchMetadata(1, 2, 3, 4));
        PartitionLog copy = PartitionLog.recovered(0, log.logEndOffset(), 0, states);
        assertThat(copy.activeProducers()).isEqualTo(log.activeProducers());
        assertThat(copy.lastStableOffset()).isEqualTo(log.lastStableOffset()).isZero();
    }

    @Test
    void shouldListProducersRecoveredFromStorageByIdWithTheirStoredTimestamps() {
        PartitionLog recovered = PartitionLog.recovered(0, 10, 0, List.of(
                new ProducerStateEntry(IDEMPOTENT, (short) 1, List.of(new BatchMetadata(0, 4, 5, 9)), -1, -1L, 90L),
                new ProducerStateEntry(TRANSACTIONAL, (short) 2, List.of(new BatchMetadata(0, 4, 0, 4)), 3, 0L, 40L),
                new ProducerStateEntry(3000L, (short) 0, List.of(new BatchMetadata(0, 0, 4, 4)))));

        assertThat(recovered.activeProducers()).containsExactly(
                new ActiveProducer(TRANSACTIONAL, (short) 2, 4, 40L, 3, 0L),
                new ActiveProducer(IDEMPOTENT, (short) 1, 4, 90L, -1, -1L),
                new ActiveProducer(3000L, (short) 0, 0, -1L, -1, -1L));
    }

    @Test
    void shouldHandTheLastTimestampToStorageWithTheProducerStateOfABatchAndOfAMarker() {
        LogAppend batch = log.decideAppend(List.of(aBatch().producer(TRANSACTIONAL, 0, 0).transactional()
                .timestamps(100L, 300L, 200L).build()));
        log.apply(batch);
        LogAppend marker = log.decideTransactionMarker(
                new EndTransactionMarker(ControlRecordType.ABORT, TRANSACTIONAL, (short) 0, 7, MARKER_TIME));

        assertThat(batch.producerStates()).singleElement()
                .satisfies(state -> assertThat(state.lastTimestamp()).isEqualTo(300L));
        assertThat(marker.producerStates()).singleElement()
                .satisfies(state -> assertThat(state.lastTimestamp()).isEqualTo(MARKER_TIME));
    }

    @Test
    void shouldReportTheLastTimestampWrittenEvenWhenItIsOlderThanAnEarlierOne() {
        append(aBatch().producer(IDEMPOTENT, 0, 0).timestamps(500L));
        append(aBatch().producer(IDEMPOTENT, 0, 1).timestamps(400L));

        assertThat(log.activeProducers()).singleElement()
                .satisfies(producer -> assertThat(producer.lastTimestamp()).isEqualTo(400L));
    }
}
