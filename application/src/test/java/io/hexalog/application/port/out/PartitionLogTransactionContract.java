package io.hexalog.application.port.out;

import io.hexalog.domain.log.ControlRecordType;
import io.hexalog.domain.log.EndTransactionMarker;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link PartitionLogStore} promises of transactions: markers stored like batches, producer states
 * with their ongoing transaction, and the aborted transactions that {@link PartitionLogStore#open} returns,
 * trimmed with the log start offset and deleted with the topic. An adapter's test extends this class, supplies a
 * fresh, empty store per test and, for a persistent store, a way to reopen it.
 */
public abstract class PartitionLogTransactionContract {

    /** The topic of the partition the tests write; a store that forgets unknown topics must know it. */
    protected static final Topic TOPIC = Topic.create(TopicName.of("orders"), 1);
    private static final TopicId TOPIC_ID = TOPIC.id();
    private static final TopicIdPartition PARTITION = TOPIC.partition(0);
    private static final long PRODUCER = 7L;
    private static final long BATCH_TIME = 1_699_999_999_000L;
    private static final long MARKER_TIME = 1_700_000_000_000L;

    private PartitionLogStore store;
    private long logEndOffset;

    /** The adapter under test, empty. Called once before each test. */
    protected abstract PartitionLogStore createStore();

    /** The same store after a restart; a store in memory returns itself. */
    protected PartitionLogStore reopen(PartitionLogStore current) {
        return current;
    }

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
        logEndOffset = 0;
    }

    @Test
    void shouldKeepTheOngoingTransactionOfAProducer() {
        ProducerStateEntry ongoing = appendTransactionalBatch(0, 3);

        StoredLogState state = reopen(store).open(PARTITION);

        assertThat(state.producerStates()).containsExactly(ongoing);
        assertThat(state.producerStates().get(0).currentTxnFirstOffset()).isZero();
    }

    @Test
    void shouldKeepTheLastTimestampOfAProducerWithItsState() {
        appendTransactionalBatch(0, 3);

        assertThat(reopen(store).open(PARTITION).producerStates()).singleElement()
                .satisfies(producer -> assertThat(producer.lastTimestamp()).isEqualTo(BATCH_TIME));
    }

    @Test
    void shouldKeepTheTimestampOfTheLastMarkerOfAProducer() {
        appendTransactionalBatch(0, 3);
        appendMarker(ControlRecordType.COMMIT, Optional.empty());

        assertThat(reopen(store).open(PARTITION).producerStates()).singleElement()
                .satisfies(producer -> assertThat(producer.lastTimestamp()).isEqualTo(MARKER_TIME));
    }

    @Test
    void shouldStoreAMarkerLikeABatchAndReturnItByteForByte() {
        appendTransactionalBatch(0, 2);
        RecordBatch marker = appendMarker(ControlRecordType.COMMIT, Optional.empty());

        PartitionLogStore reopened = reopen(store);
        LogSlice slice = await(reopened.read(PARTITION, 2, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(slice.batches()).singleElement()
                .satisfies(read -> assertThat(read.bytes()).isEqualTo(marker.bytes()));
        StoredLogState state = reopened.open(PARTITION);
        assertThat(state.logEndOffset()).isEqualTo(3);
        assertThat(state.producerStates()).singleElement()
                .satisfies(producer -> assertThat(producer.hasOngoingTransaction()).isFalse());
        assertThat(state.abortedTransactions()).isEmpty();
    }

    @Test
    void shouldRecordTheLogIndexOfTheCommandThatWroteAMarker() {
        appendTransactionalBatch(0, 2);
        appendMarker(ControlRecordType.COMMIT, Optional.empty(), 41);

        assertThat(reopen(store).open(PARTITION).appliedLogIndex()).isEqualTo(41);
    }

    @Test
    void shouldReturnAbortedTransactionsInMarkerOrder() {
        appendTransactionalBatch(0, 2);
        AbortedTransaction first = new AbortedTransaction(PRODUCER, 0, 2);
        appendMarker(ControlRecordType.ABORT, Optional.of(first));
        appendTransactionalBatch(2, 1);
        AbortedTransaction second = new AbortedTransaction(PRODUCER, 3, 4);
        appendMarker(ControlRecordType.ABORT, Optional.of(second));

        StoredLogState state = reopen(store).open(PARTITION);

        assertThat(state.abortedTransactions()).containsExactly(first, second);
    }

    @Test
    void shouldForgetAbortedTransactionsWhoseMarkerIsBelowTheLogStartOffset() {
        appendTransactionalBatch(0, 2);
        appendMarker(ControlRecordType.ABORT, Optional.of(new AbortedTransaction(PRODUCER, 0, 2)));
        appendTransactionalBatch(2, 2);
        AbortedTransaction kept = new AbortedTransaction(PRODUCER, 3, 5);
        appendMarker(ControlRecordType.ABORT, Optional.of(kept));

        await(store.deleteBefore(PARTITION, 3));

        assertThat(reopen(store).open(PARTITION).abortedTransactions()).containsExactly(kept);
    }

    @Test
    void shouldKeepAnAbortedTransactionWhoseMarkerIsAtTheLogStartOffset() {
        appendTransactionalBatch(0, 2);
        AbortedTransaction aborted = new AbortedTransaction(PRODUCER, 0, 2);
        appendMarker(ControlRecordType.ABORT, Optional.of(aborted));

        await(store.deleteBefore(PARTITION, 2));

        assertThat(reopen(store).open(PARTITION).abortedTransactions()).containsExactly(aborted);
    }

    @Test
    void shouldDeleteAbortedTransactionsWithTheTopic() {
        appendTransactionalBatch(0, 2);
        appendMarker(ControlRecordType.ABORT, Optional.of(new AbortedTransaction(PRODUCER, 0, 2)));

        await(store.deleteTopic(TOPIC_ID));

        assertThat(reopen(store).open(PARTITION)).isEqualTo(StoredLogState.empty());
    }

    private ProducerStateEntry appendTransactionalBatch(int firstSequence, int records) {
        RecordBatch batch = aBatch().withRecords(records).withProducer(PRODUCER, (short) 0, firstSequence)
                .withBaseOffset(logEndOffset).build();
        long transactionStart = logEndOffset;
        logEndOffset = batch.nextOffset();
        ProducerStateEntry state = ProducerStateEntry.empty(PRODUCER, (short) 0)
                .withBatch((short) 0, new BatchMetadata(firstSequence, firstSequence + records - 1,
                        batch.baseOffset(), batch.lastOffset()))
                .withLastTimestamp(BATCH_TIME)
                .withTransactionFrom(transactionStart);
        await(store.append(PARTITION, List.of(batch), List.of(state)));
        return state;
    }

    private RecordBatch appendMarker(ControlRecordType type, Optional<AbortedTransaction> aborted) {
        return appendMarker(type, aborted, PartitionLogStore.NO_LOG_INDEX);
    }

    private RecordBatch appendMarker(ControlRecordType type, Optional<AbortedTransaction> aborted, long logIndex) {
        RecordBatch marker = markerAt(logEndOffset, type);
        logEndOffset = marker.nextOffset();
        ProducerStateEntry ended = ProducerStateEntry.empty(PRODUCER, (short) 0).withTransactionEnded((short) 0, 0)
                .withLastTimestamp(MARKER_TIME);
        await(store.appendTransactionMarker(PARTITION, marker, ended, aborted, logIndex));
        return marker;
    }

    private static RecordBatch markerAt(long offset, ControlRecordType type) {
        RecordBatch marker = new EndTransactionMarker(type, PRODUCER, (short) 0, 0, MARKER_TIME).toBatch();
        marker.assignBaseOffset(offset);
        return marker;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            throw new AssertionError("The store failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("The store did not complete within 30 s", e);
        }
    }
}
