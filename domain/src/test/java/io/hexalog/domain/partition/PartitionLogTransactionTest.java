package io.hexalog.domain.partition;

import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.TransactionCoordinatorFencedException;
import io.hexalog.domain.log.ControlRecordType;
import io.hexalog.domain.log.EndTransactionMarker;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.testdata.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogTransactionTest {

    private static final long PRODUCER = 1000L;
    private static final long OTHER_PRODUCER = 2000L;
    private static final long TIMESTAMP = 1_700_000_000_000L;

    private final PartitionLog log = PartitionLog.empty(0);

    private LogAppend append(RecordBatchBuilder batch) {
        LogAppend append = log.append(List.of(batch.build()));
        log.commit(log.logEndOffset());
        return append;
    }

    private LogAppend marker(long producer, int epoch, ControlRecordType type) {
        return marker(producer, epoch, 0, type);
    }

    private LogAppend marker(long producer, int epoch, int coordinatorEpoch, ControlRecordType type) {
        LogAppend append = log.decideTransactionMarker(
                new EndTransactionMarker(type, producer, (short) epoch, coordinatorEpoch, TIMESTAMP));
        log.apply(append);
        log.commit(log.logEndOffset());
        return append;
    }

    private static RecordBatchBuilder transactional(long producer, int epoch, int firstSequence, int records) {
        return aBatch().records(records).producer(producer, epoch, firstSequence).transactional();
    }

    @Test
    void shouldStartAnOngoingTransactionAtTheFirstTransactionalBatch() {
        append(aBatch().records(2));

        LogAppend first = append(transactional(PRODUCER, 0, 0, 3));
        LogAppend second = append(transactional(PRODUCER, 0, 3, 1));

        assertThat(first.producerStates()).singleElement()
                .satisfies(state -> assertThat(state.currentTxnFirstOffset()).isEqualTo(2));
        assertThat(second.producerStates()).singleElement()
                .satisfies(state -> assertThat(state.currentTxnFirstOffset()).isEqualTo(2));
    }

    @Test
    void shouldKnowAProducersOngoingTransactionOnlyAtItsEpochAndUntilItsMarker() {
        assertThat(log.hasOngoingTransaction(PRODUCER, (short) 0)).isFalse();

        append(transactional(PRODUCER, 0, 0, 1));

        assertThat(log.hasOngoingTransaction(PRODUCER, (short) 0)).isTrue();
        assertThat(log.hasOngoingTransaction(PRODUCER, (short) 1)).isFalse();
        assertThat(log.hasOngoingTransaction(OTHER_PRODUCER, (short) 0)).isFalse();

        marker(PRODUCER, 1, ControlRecordType.COMMIT);

        assertThat(log.hasOngoingTransaction(PRODUCER, (short) 1)).isFalse();
    }

    @Test
    void shouldFenceAnOlderEpochOnceAMarkerOfTheBumpedEpochEndedItsTransaction() {
        append(transactional(PRODUCER, 0, 0, 1));
        marker(PRODUCER, 1, ControlRecordType.COMMIT);

        assertThatThrownBy(() -> log.append(List.of(transactional(PRODUCER, 0, 1, 1).build())))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(append(transactional(PRODUCER, 1, 0, 1)).producerStates()).singleElement()
                .satisfies(state -> assertThat(state.producerEpoch()).isEqualTo((short) 1));
    }

    @Test
    void shouldHoldTheLastStableOffsetAtTheOldestOngoingTransaction() {
        append(aBatch().records(2));
        append(transactional(PRODUCER, 0, 0, 3));
        append(transactional(OTHER_PRODUCER, 0, 0, 1));
        append(aBatch().records(4));

        assertThat(log.highWatermark()).isEqualTo(10);
        assertThat(log.lastStableOffset()).isEqualTo(2);
    }

    @Test
    void shouldFollowTheHighWatermarkWithoutOngoingTransactions() {
        append(aBatch().records(2));
        log.append(List.of(aBatch().records(3).build()));

        assertThat(log.lastStableOffset()).isEqualTo(2).isEqualTo(log.highWatermark());
    }

    @Test
    void shouldNeverPlaceTheLastStableOffsetAboveTheHighWatermark() {
        append(aBatch().records(2));
        log.append(List.of(transactional(PRODUCER, 0, 0, 1).build()));
        log.apply(log.decideTransactionMarker(
                new EndTransactionMarker(ControlRecordType.COMMIT, PRODUCER, (short) 0, 0, TIMESTAMP)));

        // the transaction ended, but neither its batch nor its marker is committed yet
        assertThat(log.lastStableOffset()).isEqualTo(2);
    }

    @Test
    void shouldMoveTheLastStableOffsetToTheNextOngoingTransactionWhenTheOldestCommits() {
        append(transactional(PRODUCER, 0, 0, 3));
        append(transactional(OTHER_PRODUCER, 0, 0, 2));

        LogAppend commit = marker(PRODUCER, 0, ControlRecordType.COMMIT);

        assertThat(commit.firstOffset()).isEqualTo(5);
        assertThat(log.lastStableOffset()).isEqualTo(3);
        marker(OTHER_PRODUCER, 0, ControlRecordType.COMMIT);
        assertThat(log.lastStableOffset()).isEqualTo(7).isEqualTo(log.highWatermark());
    }

    @Test
    void shouldWriteTheMarkerAsAControlBatchOfTheProducerAtTheLogEnd() {
        append(transactional(PRODUCER, 4, 0, 3));

        LogAppend abort = marker(PRODUCER, 4, 7, ControlRecordType.ABORT);

        assertThat(abort.batches()).singleElement().satisfies(batch -> {
            assertThat(batch.isControlBatch()).isTrue();
            assertThat(batch.isTransactional()).isTrue();
            assertThat(batch.baseOffset()).isEqualTo(3);
            assertThat(batch.producerId()).isEqualTo(PRODUCER);
            assertThat(batch.producerEpoch()).isEqualTo((short) 4);
            assertThat(batch.maxTimestamp()).isEqualTo(TIMESTAMP);
        });
        assertThat(log.logEndOffset()).isEqualTo(4);
    }

    @Test
    void shouldIndexAnAbortedTransactionFromItsFirstOffsetToItsMarker() {
        append(aBatch().records(2));
        append(transactional(PRODUCER, 0, 0, 3));

        LogAppend abort = marker(PRODUCER, 0, ControlRecordType.ABORT);

        AbortedTransaction aborted = new AbortedTransaction(PRODUCER, 2, 5);
        assertThat(abort.abortedTransactions()).containsExactly(aborted);
        assertThat(log.abortedTransactions(0, 6)).containsExactly(aborted);
        assertThat(log.abortedTransactions(5, 6)).containsExactly(aborted);
        assertThat(log.abortedTransactions(0, 2)).isEmpty();
        assertThat(log.abortedTransactions(6, 10)).isEmpty();
    }

    @Test
    void shouldForgetAnAbortedTransactionOnceTheCleanerRemovesItsMarker() {
        append(transactional(PRODUCER, 0, 0, 3));
        marker(PRODUCER, 0, ControlRecordType.ABORT);
        append(transactional(PRODUCER, 0, 3, 1));
        marker(PRODUCER, 0, ControlRecordType.ABORT);

        log.forgetAbortedTransactionsOfRemovedMarkers(List.of(0L, 3L));

        assertThat(log.abortedTransactions(0, 10)).containsExactly(new AbortedTransaction(PRODUCER, 4, 5));
    }

    @Test
    void shouldIndexNothingForACommit() {
        append(transactional(PRODUCER, 0, 0, 3));

        LogAppend commit = marker(PRODUCER, 0, ControlRecordType.COMMIT);

        assertThat(commit.abortedTransactions()).isEmpty();
        assertThat(log.abortedTransactions(0, 10)).isEmpty();
    }

    @Test
    void shouldWriteAMarkerForAProducerWithoutAnOngoingTransactionAndChangeNothingElse() {
        append(aBatch().records(2));

        LogAppend abort = marker(PRODUCER, 0, ControlRecordType.ABORT);

        assertThat(abort.firstOffset()).isEqualTo(2);
        assertThat(abort.abortedTransactions()).isEmpty();
        assertThat(log.lastStableOffset()).isEqualTo(3);
    }

    @Test
    void shouldRefuseANonTransactionalBatchWhileTheProducersTransactionIsOngoing() {
        append(transactional(PRODUCER, 0, 0, 2));

        assertThatThrownBy(() -> append(aBatch().producer(PRODUCER, 0, 2)))
                .isInstanceOf(InvalidTxnStateException.class);
        assertThat(log.logEndOffset()).isEqualTo(2);
    }

    @Test
    void shouldAcceptANonTransactionalBatchOnceTheTransactionEnded() {
        append(transactional(PRODUCER, 0, 0, 2));
        marker(PRODUCER, 0, ControlRecordType.COMMIT);

        LogAppend next = append(aBatch().producer(PRODUCER, 0, 2));

        assertThat(next.firstOffset()).isEqualTo(3);
    }

    @Test
    void shouldFenceATransactionalBatchOfAnOlderEpoch() {
        append(transactional(PRODUCER, 3, 0, 2));

        assertThatThrownBy(() -> append(transactional(PRODUCER, 2, 0, 1)))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void shouldRefuseAMarkerOfAnOlderEpochAndLeaveTheTransactionOngoing() {
        append(transactional(PRODUCER, 3, 0, 2));

        assertThatThrownBy(() -> marker(PRODUCER, 2, ControlRecordType.COMMIT))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.lastStableOffset()).isZero();
    }

    @Test
    void shouldRefuseAMarkerFromAnOlderCoordinator() {
        append(transactional(PRODUCER, 0, 0, 1));
        marker(PRODUCER, 0, 5, ControlRecordType.COMMIT);
        append(transactional(PRODUCER, 0, 1, 1));

        assertThatThrownBy(() -> marker(PRODUCER, 0, 4, ControlRecordType.COMMIT))
                .isInstanceOf(TransactionCoordinatorFencedException.class);
    }

    @Test
    void shouldTakeTheBumpedEpochOfAMarkerSoTheNextTransactionStartsAtSequenceZero() {
        // KIP-890: the coordinator bumps the epoch when the transaction ends and writes the markers with it
        append(transactional(PRODUCER, 0, 0, 2));
        LogAppend commit = marker(PRODUCER, 1, ControlRecordType.COMMIT);

        LogAppend next = append(transactional(PRODUCER, 1, 0, 1));

        assertThat(commit.producerStates()).singleElement()
                .satisfies(state -> assertThat(state.producerEpoch()).isEqualTo((short) 1));
        assertThat(next.firstOffset()).isEqualTo(3);
    }

    @Test
    void shouldForgetAbortedTransactionsWhoseMarkerIsBelowTheLogStartOffset() {
        append(transactional(PRODUCER, 0, 0, 2));
        marker(PRODUCER, 0, ControlRecordType.ABORT);
        append(transactional(PRODUCER, 0, 2, 2));
        marker(PRODUCER, 0, ControlRecordType.ABORT);

        log.advanceLogStartOffset(3);

        assertThat(log.abortedTransactions(0, 10)).containsExactly(new AbortedTransaction(PRODUCER, 3, 5));
    }

    @Test
    void shouldRecoverOngoingAndAbortedTransactionsFromStorage() {
        ProducerStateEntry ongoing = new ProducerStateEntry(PRODUCER, (short) 0, List.of(), 2, 7);
        AbortedTransaction aborted = new AbortedTransaction(OTHER_PRODUCER, 1, 4);

        PartitionLog recovered = PartitionLog.recovered(0, 9, 0, List.of(ongoing), List.of(aborted));

        assertThat(recovered.lastStableOffset()).isEqualTo(7);
        assertThat(recovered.abortedTransactions(0, 9)).containsExactly(aborted);
        assertThatThrownBy(() -> recovered.append(List.of(aBatch().producer(PRODUCER, 0, 0).build())))
                .isInstanceOf(InvalidTxnStateException.class);
    }

    @Test
    void shouldStampTheMarkerWithTheLeaderEpoch() {
        log.advanceLeaderEpoch(6);
        append(transactional(PRODUCER, 0, 0, 1));

        RecordBatch marker = marker(PRODUCER, 0, ControlRecordType.COMMIT).batches().get(0);

        assertThat(marker.partitionLeaderEpoch()).isEqualTo(6);
    }
}
