package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchParams.PartitionFetch;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.FetchResult.PartitionData.Read;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.transaction.TransactionVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partition side of transactions on a whole application: transactional batches held back from read-committed
 * consumers at the last stable offset until the coordinator's marker is applied.
 */
class TransactionsOnThePartitionTest {

    private static final long PRODUCER = 4000L;
    private static final Duration MAX_WAIT = Duration.ofMillis(500);
    private static final int LARGE = 1 << 20;

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("orders", 1).partition(0);

    @Test
    void shouldHoldReadCommittedFetchesAtTheLastStableOffsetUntilTheTransactionCommits() {
        broker.appendNow(partition, records(2).build());
        broker.appendNow(partition, transactional(0, 3));

        Read before = fetchNow(IsolationLevel.READ_COMMITTED, 0);

        assertThat(before.lastStableOffset()).isEqualTo(2);
        assertThat(before.highWatermark()).isEqualTo(5);
        assertThat(baseOffsets(before)).containsExactly(0L);

        long markerOffset = marker(true);
        Read after = fetchNow(IsolationLevel.READ_COMMITTED, 0);

        assertThat(markerOffset).isEqualTo(5);
        assertThat(after.lastStableOffset()).isEqualTo(6).isEqualTo(after.highWatermark());
        assertThat(baseOffsets(after)).containsExactly(0L, 2L, 5L);
        assertThat(after.abortedTransactions()).isEmpty();
    }

    @Test
    void shouldLetReadUncommittedFetchesSeeAnOngoingTransaction() {
        broker.appendNow(partition, transactional(0, 3));

        Read read = fetchNow(IsolationLevel.READ_UNCOMMITTED, 0);

        assertThat(baseOffsets(read)).containsExactly(0L);
        assertThat(read.lastStableOffset()).isZero();
    }

    @Test
    void shouldReportAnAbortedTransactionToReadCommittedFetchesThatReadIt() {
        broker.appendNow(partition, records(1).build());
        broker.appendNow(partition, transactional(0, 2));
        marker(false);
        broker.appendNow(partition, records(1).build());

        Read fromStart = fetchNow(IsolationLevel.READ_COMMITTED, 0);
        Read afterIt = fetchNow(IsolationLevel.READ_COMMITTED, 4);
        Read uncommitted = fetchNow(IsolationLevel.READ_UNCOMMITTED, 0);

        assertThat(baseOffsets(fromStart)).containsExactly(0L, 1L, 3L, 4L);
        assertThat(fromStart.abortedTransactions()).containsExactly(new AbortedTransaction(PRODUCER, 1, 3));
        assertThat(afterIt.abortedTransactions()).isEmpty();
        assertThat(uncommitted.abortedTransactions()).isEmpty();
    }

    @Test
    void shouldListTheLastStableOffsetAsLatestForReadCommitted() {
        broker.appendNow(partition, records(2).build());
        broker.appendNow(partition, transactional(0, 3));

        long committed = broker.listOffsets.listOffset(partition, new OffsetSpec.Latest(), IsolationLevel.READ_COMMITTED)
                .join().orElseThrow().offset();
        long uncommitted = broker.listOffsets.listOffset(partition, new OffsetSpec.Latest(),
                IsolationLevel.READ_UNCOMMITTED).join().orElseThrow().offset();

        assertThat(committed).isEqualTo(2);
        assertThat(uncommitted).isEqualTo(5);
    }

    @Test
    void shouldFindNoRecordByTimestampAtOrAfterTheLastStableOffsetForReadCommitted() {
        broker.appendNow(partition, records(2).build());
        broker.appendNow(partition, transactional(0, 3));
        OffsetSpec inTheTransaction = new OffsetSpec.ForTimestamp(SampleBatches.BASE_TIMESTAMP + 1);

        assertThat(broker.listOffsets.listOffset(partition, new OffsetSpec.ForTimestamp(SampleBatches.BASE_TIMESTAMP),
                IsolationLevel.READ_COMMITTED).join()).hasValueSatisfying(found -> assertThat(found.offset()).isZero());
        assertThat(broker.listOffsets.listOffset(partition, new OffsetSpec.MaxTimestamp(),
                IsolationLevel.READ_COMMITTED).join()).isEmpty();
        assertThat(broker.listOffsets.listOffset(partition, inTheTransaction, IsolationLevel.READ_COMMITTED).join())
                .hasValueSatisfying(found -> assertThat(found.offset()).isEqualTo(1));
        assertThat(broker.listOffsets.listOffset(partition, new OffsetSpec.ForTimestamp(SampleBatches.BASE_TIMESTAMP + 2),
                IsolationLevel.READ_COMMITTED).join()).isEmpty();
        assertThat(broker.listOffsets.listOffset(partition, new OffsetSpec.ForTimestamp(SampleBatches.BASE_TIMESTAMP + 2),
                IsolationLevel.READ_UNCOMMITTED).join()).hasValueSatisfying(found -> assertThat(found.offset()).isEqualTo(4));
    }

    @Test
    void shouldWakeAWaitingReadCommittedFetchWhenTheMarkerMovesTheLastStableOffset() {
        broker.appendNow(partition, transactional(0, 3));
        CompletableFuture<FetchResult> waiting = broker.fetch.fetch(query(IsolationLevel.READ_COMMITTED, 0, MAX_WAIT));
        assertThat(waiting).isNotDone();

        marker(true);

        assertThat(waiting).isDone();
        assertThat(baseOffsets(read(waiting.join()))).containsExactly(0L, 3L);
        assertThat(broker.purgatory.waitingOn(partition)).isZero();
    }

    @Test
    void shouldKeepAReadCommittedFetchWaitingWhileOnlyTheTransactionGrows() {
        broker.appendNow(partition, transactional(0, 3));
        CompletableFuture<FetchResult> waiting = broker.fetch.fetch(query(IsolationLevel.READ_COMMITTED, 0, MAX_WAIT));

        broker.appendNow(partition, transactional(3, 1));

        assertThat(waiting).isNotDone();
        assertThat(broker.purgatory.waitingOn(partition)).isEqualTo(1);
    }

    @Test
    void shouldRefuseANonTransactionalBatchOfAProducerInTheMiddleOfItsTransaction() {
        broker.appendNow(partition, transactional(0, 1));

        assertThat(broker.append(partition, records(1).producer(PRODUCER, 0, 1).build()))
                .failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingRootCause()
                .isInstanceOf(InvalidTxnStateException.class);
    }

    @Test
    void shouldRefuseAMarkerOfAnOlderProducerEpoch() {
        broker.appendNow(partition, records(1).producer(PRODUCER, 2, 0).transactional().build());

        assertThat(broker.log.submit(new WriteTxnMarker(partition, PRODUCER, (short) 1, 0, true, broker.clock.millis())))
                .failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingRootCause()
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void shouldRefuseALateVersionTwoMarkerOfThePreviousTransactionSoThatTheNextOnesAbortCoversItsRecords() {
        // given a version-2 transaction committed (its marker bumps the epoch to 1) and the next begun at epoch 1
        broker.appendNow(partition, records(1).producer(PRODUCER, 0, 0).transactional().build());
        assertThat(versionTwoMarker(1, true)).succeedsWithin(Duration.ofSeconds(1));
        broker.appendNow(partition, records(1).producer(PRODUCER, 1, 0).transactional().build());

        // when the commit marker of the first transaction is written again, late
        CompletableFuture<Long> late = versionTwoMarker(1, true);

        // then it is refused, and the abort of the next transaction reaches read-committed fetches
        assertThat(late).failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingRootCause()
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(fetchNow(IsolationLevel.READ_COMMITTED, 0).lastStableOffset()).isEqualTo(2);
        assertThat(versionTwoMarker(2, false)).succeedsWithin(Duration.ofSeconds(1));
        Read read = fetchNow(IsolationLevel.READ_COMMITTED, 0);
        assertThat(baseOffsets(read)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(read.abortedTransactions()).containsExactly(new AbortedTransaction(PRODUCER, 2, 3));
    }

    @Test
    void shouldTakeAVersionTwoMarkerWrittenAgainWhileNoTransactionIsOngoing() {
        broker.appendNow(partition, records(1).producer(PRODUCER, 0, 0).transactional().build());
        assertThat(versionTwoMarker(1, false)).succeedsWithin(Duration.ofSeconds(1));

        assertThat(versionTwoMarker(1, false)).succeedsWithin(Duration.ofSeconds(1)).isEqualTo(2L);

        assertThat(fetchNow(IsolationLevel.READ_COMMITTED, 0).abortedTransactions())
                .containsExactly(new AbortedTransaction(PRODUCER, 0, 1));
    }

    @Test
    void shouldStampTheMarkerWithTheCommandsTimeOnALogAppendTimeTopic() {
        TopicIdPartition stamped = broker.createTopic("stamped", 1, Map.of("message.timestamp.type", "LogAppendTime"))
                .partition(0);
        broker.appendNow(stamped, records(1).producer(PRODUCER, 0, 0).transactional().build());

        broker.log.submit(new WriteTxnMarker(stamped, PRODUCER, (short) 0, 0, true, 1234L)).join();

        RecordBatch marker = broker.store.stored(stamped).get(1);
        assertThat(marker.isControlBatch()).isTrue();
        assertThat(marker.maxTimestamp()).isEqualTo(1234L);
        assertThat(marker.timestampType()).isEqualTo(io.hexalog.domain.log.TimestampType.LOG_APPEND_TIME);
    }

    private long marker(boolean commit) {
        return broker.log.submit(new WriteTxnMarker(partition, PRODUCER, (short) 0, 0, commit, broker.clock.millis()))
                .join();
    }

    private CompletableFuture<Long> versionTwoMarker(int epoch, boolean commit) {
        return broker.log.submit(new WriteTxnMarker(partition, PRODUCER, (short) epoch, 0, commit,
                broker.clock.millis(), TransactionVersion.TV_2));
    }

    private static RecordBatch transactional(int firstSequence, int records) {
        return records(records).producer(PRODUCER, 0, firstSequence).transactional().build();
    }

    private Read fetchNow(IsolationLevel isolation, long offset) {
        return read(broker.fetch.fetch(query(isolation, offset, Duration.ZERO)).join());
    }

    private FetchParams query(IsolationLevel isolation, long offset, Duration maxWait) {
        return new FetchParams(List.of(new PartitionFetch(partition, offset, LARGE)), maxWait, 1, LARGE, isolation);
    }

    private static Read read(FetchResult result) {
        return (Read) result.partitions().get(0);
    }

    private static List<Long> baseOffsets(Read read) {
        return read.records().batches().stream().map(RecordBatch::baseOffset).toList();
    }
}
