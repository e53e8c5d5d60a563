package io.hexalog.domain.partition;

import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.log.ControlRecordType;
import io.hexalog.domain.log.EndTransactionMarker;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.testdata.RecordBatchBuilder;
import io.hexalog.domain.transaction.TransactionVersion;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

import static io.hexalog.domain.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A transaction marker of transaction version 2 carries the epoch its EndTxn bumped, the epoch the producer's next
 * transaction writes with. A late marker of the previous transaction (written again after the next transaction began
 * on the partition) would end the next transaction with the previous one's outcome: a commit marker would make the
 * next transaction's records committed, and its own abort marker would then abort nothing, so a read-committed
 * consumer would see records of an aborted transaction. Kafka refuses such a marker (KAFKA-19446) and takes the same
 * marker written again while no transaction is ongoing (KAFKA-19999).
 */
class PartitionLogLateMarkerTest {

    private static final long PRODUCER = 1000L;
    private static final long TIMESTAMP = 1_700_000_000_000L;

    private final PartitionLog log = PartitionLog.empty(0);
    private final List<RecordBatch> written = new ArrayList<>();

    private long append(RecordBatchBuilder batch) {
        LogAppend append = log.append(List.of(batch.build()));
        log.commit(log.logEndOffset());
        written.addAll(append.batches());
        return append.firstOffset();
    }

    private LogAppend marker(int epoch, ControlRecordType type, TransactionVersion version) {
        LogAppend append = log.decideTransactionMarker(
                new EndTransactionMarker(type, PRODUCER, (short) epoch, 0, TIMESTAMP), version);
        log.apply(append);
        log.commit(log.logEndOffset());
        written.addAll(append.batches());
        return append;
    }

    private static RecordBatchBuilder transactional(int epoch, int firstSequence) {
        return aBatch().records(1).producer(PRODUCER, epoch, firstSequence).transactional();
    }

    /**
     * The data batches a read-committed consumer keeps from everything below the last stable offset, told the aborted
     * transactions a fetch from offset 0 reports: the Java consumer's rule ({@code CompletedFetch}), which drops a
     * producer's transactional batches from an aborted transaction's first offset up to the producer's abort marker.
     */
    private List<Long> readCommitted() {
        long end = log.lastStableOffset();
        PriorityQueue<AbortedTransaction> aborted = new PriorityQueue<>(
                Comparator.comparingLong(AbortedTransaction::firstOffset));
        aborted.addAll(log.abortedTransactions(0, end));
        Set<Long> abortedProducers = new HashSet<>();
        List<Long> kept = new ArrayList<>();
        for (RecordBatch batch : written) {
            if (batch.baseOffset() >= end) {
                break;
            }
            while (!aborted.isEmpty() && aborted.peek().firstOffset() <= batch.lastOffset()) {
                abortedProducers.add(aborted.poll().producerId());
            }
            if (batch.isControlBatch()) {
                abortedProducers.remove(batch.producerId());
            } else if (!(batch.isTransactional() && abortedProducers.contains(batch.producerId()))) {
                kept.add(batch.baseOffset());
            }
        }
        return kept;
    }

    @Test
    void shouldRefuseALateCommitMarkerOfThePreviousTransactionOnceTheNextOneBeganAtItsEpoch() {
        // given a transaction committed at epoch 0 (the marker bumps it to 1), and the next one begun at epoch 1
        long committed = append(transactional(0, 0));
        marker(1, ControlRecordType.COMMIT, TransactionVersion.TV_2);
        long next = append(transactional(1, 0));

        // when the commit marker of the first transaction comes again
        assertThatThrownBy(() -> log.decideTransactionMarker(
                new EndTransactionMarker(ControlRecordType.COMMIT, PRODUCER, (short) 1, 0, TIMESTAMP),
                TransactionVersion.TV_2)).isInstanceOf(InvalidProducerEpochException.class);

        // then the next transaction is still ongoing, and once aborted its record is dropped by read-committed readers
        assertThat(log.lastStableOffset()).isEqualTo(next);
        LogAppend abort = marker(2, ControlRecordType.ABORT, TransactionVersion.TV_2);
        assertThat(abort.abortedTransactions()).containsExactly(new AbortedTransaction(PRODUCER, next, next + 1));
        assertThat(readCommitted()).containsExactly(committed);
    }

    @Test
    void shouldWriteTheSameMarkerAgainWhenNoTransactionIsOngoing() {
        // a coordinator that loads a decided transaction writes its markers again, and some may be there already
        long committed = append(transactional(0, 0));
        marker(1, ControlRecordType.COMMIT, TransactionVersion.TV_2);

        LogAppend again = marker(1, ControlRecordType.COMMIT, TransactionVersion.TV_2);

        assertThat(again.abortedTransactions()).isEmpty();
        assertThat(log.lastStableOffset()).isEqualTo(log.highWatermark());
        assertThat(readCommitted()).containsExactly(committed);
    }

    @Test
    void shouldKeepTheOriginalRuleForMarkersOfVersionZeroWhoseEpochIsTheTransactions() {
        // below version 2 the coordinator writes the marker at the epoch the transaction was written with
        long committed = append(transactional(0, 0));
        marker(0, ControlRecordType.COMMIT, TransactionVersion.TV_0);
        long aborted = append(transactional(0, 1));

        LogAppend abort = marker(0, ControlRecordType.ABORT, TransactionVersion.TV_0);

        assertThat(abort.abortedTransactions()).containsExactly(new AbortedTransaction(PRODUCER, aborted, aborted + 1));
        assertThat(readCommitted()).containsExactly(committed);
    }

    @Test
    void shouldStillRefuseAnOlderEpochInVersionTwo() {
        append(transactional(2, 0));

        assertThatThrownBy(() -> log.decideTransactionMarker(
                new EndTransactionMarker(ControlRecordType.ABORT, PRODUCER, (short) 1, 0, TIMESTAMP),
                TransactionVersion.TV_2)).isInstanceOf(InvalidProducerEpochException.class);
        assertThat(log.hasOngoingTransaction(PRODUCER, (short) 2)).isTrue();
    }
}
