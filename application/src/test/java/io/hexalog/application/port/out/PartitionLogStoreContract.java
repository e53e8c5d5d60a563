package io.hexalog.application.port.out;

import io.hexalog.application.testdata.RecordBatchBuilder;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.application.testdata.SentBytes;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadBufferUsage;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.hexalog.application.testdata.RecordBatchBuilder.DEFAULT_TIMESTAMP;
import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link PartitionLogStore} promises. An adapter's test extends this class and supplies a fresh,
 * empty store per test.
 */
public abstract class PartitionLogStoreContract {

    protected static final TopicName TOPIC = TopicName.of("orders");
    protected static final TopicId TOPIC_ID = TopicId.random();
    protected static final TopicIdPartition PARTITION = new TopicIdPartition(TOPIC_ID, TOPIC, 0);

    private final Map<TopicIdPartition, Long> logEndOffsets = new HashMap<>();
    private PartitionLogStore store;

    /** The adapter under test, empty. Called once before each test. */
    protected abstract PartitionLogStore createStore();

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
    }

    protected PartitionLogStore store() {
        return store;
    }

    @Test
    void shouldOpenUnknownPartitionEmptyAtOffsetZero() {
        StoredLogState state = store.open(PARTITION);

        assertThat(state.logStartOffset()).isZero();
        assertThat(state.logEndOffset()).isZero();
        assertThat(state.producerStates()).isEmpty();
    }

    @Test
    void shouldReadNothingFromUnknownPartition() {
        LogSlice slice = await(store.read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(slice.isEmpty()).isTrue();
    }

    @Test
    void shouldReturnBatchesByteForByteAsAppended() {
        List<RecordBatch> appended = new ArrayList<>();
        appended.addAll(appendBatches(PARTITION, 1, 3));
        appended.addAll(appendBatches(PARTITION, 5));

        LogSlice slice = await(store.read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(hex(slice.batches())).containsExactlyElementsOf(hex(appended));
    }

    @Test
    void shouldKeepStoredBytesWhenCallerReusesItsBufferAfterAppend() {
        RecordBatch batch = appendBatches(PARTITION, 2).get(0);
        String storedBytes = hex(batch);

        batch.assignBaseOffset(999);
        batch.assignPartitionLeaderEpoch(7);
        LogSlice slice = await(store.read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(hex(slice.batches())).containsExactly(storedBytes);
    }

    @Test
    void shouldStartReadWithBatchContainingFromOffset() {
        // batches [0..2], [3..5], [6..8]
        List<RecordBatch> appended = appendBatches(PARTITION, 3, 3, 3);

        LogSlice slice = await(store.read(PARTITION, 4, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(baseOffsets(slice)).containsExactly(3L, 6L);
        assertThat(hex(slice.batches())).containsExactlyElementsOf(hex(appended.subList(1, 3)));
    }

    @Test
    void shouldStartReadWithBatchBeginningAtFromOffset() {
        appendBatches(PARTITION, 3, 3, 3);

        LogSlice slice = await(store.read(PARTITION, 3, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(baseOffsets(slice)).containsExactly(3L, 6L);
    }

    @Test
    void shouldReadNothingFromLogEndOffset() {
        appendBatches(PARTITION, 3, 3);

        LogSlice slice = await(store.read(PARTITION, 6, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(slice.isEmpty()).isTrue();
    }

    @Test
    void shouldReturnNoBatchStartingAtOrAboveMaxOffset() {
        appendBatches(PARTITION, 3, 3, 3);

        LogSlice slice = await(store.read(PARTITION, 0, 6, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(baseOffsets(slice)).containsExactly(0L, 3L);
    }

    @Test
    void shouldReturnBatchStartingBelowMaxOffsetEvenIfItEndsAboveIt() {
        appendBatches(PARTITION, 3, 3);

        LogSlice slice = await(store.read(PARTITION, 0, 4, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(baseOffsets(slice)).containsExactly(0L, 3L);
    }

    @Test
    void shouldReadNothingWhenFromOffsetIsAtOrAboveMaxOffset() {
        appendBatches(PARTITION, 3, 3);

        LogSlice atMaxOffset = await(store.read(PARTITION, 3, 3, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        LogSlice aboveMaxOffset = await(store.read(PARTITION, 4, 2, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(atMaxOffset.isEmpty()).isTrue();
        assertThat(aboveMaxOffset.isEmpty()).isTrue();
    }

    @Test
    void shouldStopBeforeBatchThatWouldExceedMaxBytes() {
        List<RecordBatch> appended = appendBatches(PARTITION, 1, 1, 1);
        int twoBatches = appended.get(0).sizeInBytes() + appended.get(1).sizeInBytes();

        LogSlice slice = await(store.read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.strict(twoBatches + 10)));

        assertThat(baseOffsets(slice)).containsExactly(0L, 1L);
        assertThat(slice.sizeInBytes()).isLessThanOrEqualTo(twoBatches + 10);
    }

    @Test
    void shouldReturnFirstBatchAloneWhenItExceedsMaxBytesAndMinOneBatchIsSet() {
        List<RecordBatch> appended = appendBatches(PARTITION, 2, 2);

        LogSlice slice = await(store.read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(appended.get(0).sizeInBytes() - 1)));

        assertThat(baseOffsets(slice)).containsExactly(0L);
    }

    @Test
    void shouldReturnNothingWhenFirstBatchExceedsMaxBytesAndMinOneBatchIsNotSet() {
        List<RecordBatch> appended = appendBatches(PARTITION, 2, 2);

        LogSlice slice = await(store.read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.strict(appended.get(0).sizeInBytes() - 1)));

        assertThat(slice.isEmpty()).isTrue();
    }

    @Test
    void shouldReportLogEndOffsetAfterAppendsWhenOpened() {
        appendBatches(PARTITION, 3, 4);
        appendBatches(PARTITION, 2);

        StoredLogState state = store.open(PARTITION);

        assertThat(state.logStartOffset()).isZero();
        assertThat(state.logEndOffset()).isEqualTo(9);
    }

    @Test
    void shouldPersistProducerStatesWithTheAppendThatChangedThem() {
        ProducerStateEntry first = producerState(7L, (short) 0, 0, 2, 0, 2);
        ProducerStateEntry other = producerState(8L, (short) 1, 0, 0, 3, 3);
        append(PARTITION, List.of(nextBatch(PARTITION, aBatch().withRecords(3).withProducer(7L, (short) 0, 0)),
                nextBatch(PARTITION, aBatch().withRecords(1).withProducer(8L, (short) 1, 0))), List.of(first, other));
        ProducerStateEntry latest = first.withBatch((short) 0, new BatchMetadata(3, 4, 4, 5));
        append(PARTITION, List.of(nextBatch(PARTITION, aBatch().withRecords(2).withProducer(7L, (short) 0, 3))),
                List.of(latest));

        StoredLogState state = store.open(PARTITION);

        assertThat(state.producerStates()).containsExactlyInAnyOrder(latest, other);
        assertThat(state.logEndOffset()).isEqualTo(6);
    }

    @Test
    void shouldKeepPartitionsApart() {
        TopicIdPartition otherPartition = new TopicIdPartition(TOPIC_ID, TOPIC, 1);
        List<RecordBatch> inFirst = appendBatches(PARTITION, 2, 2);
        List<RecordBatch> inOther = appendBatches(otherPartition, 5);
        ProducerStateEntry producer = producerState(3L, (short) 0, 0, 0, 5, 5);
        append(otherPartition, List.of(nextBatch(otherPartition, aBatch().withProducer(3L, (short) 0, 0))),
                List.of(producer));

        LogSlice first = await(store.read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        LogSlice other = await(store.read(otherPartition, 0, 5, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        assertThat(hex(first.batches())).containsExactlyElementsOf(hex(inFirst));
        assertThat(hex(other.batches())).containsExactlyElementsOf(hex(inOther));
        assertThat(store.open(PARTITION).logEndOffset()).isEqualTo(4);
        assertThat(store.open(PARTITION).producerStates()).isEmpty();
        assertThat(store.open(otherPartition).logEndOffset()).isEqualTo(6);
        assertThat(store.open(otherPartition).producerStates()).containsExactly(producer);
    }

    @Test
    void shouldReportNoBytesForPartitionNeverAppendedTo() {
        assertThat(await(store.sizeInBytes(PARTITION))).isZero();
    }

    @Test
    void shouldReportSomeBytesOnceBatchesAreStored() {
        appendBatches(PARTITION, 3, 3);

        assertThat(await(store.sizeInBytes(PARTITION))).isPositive();
    }

    @Test
    void shouldNotCountOtherPartitionsInPartitionSize() {
        TopicIdPartition otherPartition = new TopicIdPartition(TOPIC_ID, TOPIC, 1);
        TopicIdPartition otherTopic = new TopicIdPartition(TopicId.random(), TopicName.of("payments"), 0);
        appendBatches(otherPartition, 5, 5);
        appendBatches(otherTopic, 5);

        assertThat(await(store.sizeInBytes(PARTITION))).isZero();
        assertThat(await(store.sizeInBytes(otherPartition))).isPositive();
    }

    @Test
    void shouldNameTheLogDirectory() {
        LogDirectory directory = store.logDirectory();

        assertThat(directory.path()).isNotBlank();
        assertThat(directory.usableBytes()).isLessThanOrEqualTo(Math.max(directory.totalBytes(), LogDirectory.UNKNOWN_BYTES));
    }

    @Test
    void shouldCompleteFuturesOfOnePartitionInAppendOrder() {
        List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int appendNumber = i;
            RecordBatch batch = nextBatch(PARTITION, aBatch().withRecords(1 + i % 3));
            futures.add(store.append(PARTITION, List.of(batch), List.of())
                    .thenRun(() -> completed.add(appendNumber)));
        }

        await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));

        assertThat(completed).hasSize(200).isSorted();
    }

    @Test
    void shouldStoreConcurrentAppendsToDifferentPartitions() throws Exception {
        int partitions = 4;
        int appendsPerPartition = 50;
        ExecutorService appenders = Executors.newFixedThreadPool(partitions);
        try {
            List<Future<List<RecordBatch>>> written = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                TopicIdPartition partition = new TopicIdPartition(TOPIC_ID, TOPIC, p);
                written.add(appenders.submit(() -> {
                    List<RecordBatch> batches = new ArrayList<>();
                    List<CompletableFuture<Void>> futures = new ArrayList<>();
                    for (int i = 0; i < appendsPerPartition; i++) {
                        RecordBatch batch = aBatch().withBaseOffset(2L * i).withRecords(2).build();
                        batches.add(batch);
                        futures.add(store.append(partition, List.of(batch), List.of()));
                    }
                    await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
                    return batches;
                }));
            }

            for (int p = 0; p < partitions; p++) {
                List<RecordBatch> expected = written.get(p).get(30, TimeUnit.SECONDS);
                TopicIdPartition partition = new TopicIdPartition(TOPIC_ID, TOPIC, p);
                LogSlice slice = await(store.read(partition, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
                assertThat(hex(slice.batches())).containsExactlyElementsOf(hex(expected));
                assertThat(store.open(partition).logEndOffset()).isEqualTo(2L * appendsPerPartition);
            }
        } finally {
            appenders.shutdownNow();
        }
    }

    @Test
    void shouldFindFirstBatchWhoseMaxTimestampIsAtLeastTheGivenOne() {
        appendBatch(PARTITION, aBatch().withTimestamps(100, 150));
        appendBatch(PARTITION, aBatch().withTimestamps(300, 200));
        appendBatch(PARTITION, aBatch().withTimestamps(400));

        Optional<RecordBatch> found = await(store.findFirstBatchWithTimestampAtLeast(PARTITION, 160, Long.MAX_VALUE));

        assertThat(found).map(RecordBatch::baseOffset).contains(2L);
    }

    @Test
    void shouldFindNoBatchWithTimestampAtLeastOneAfterEveryRecord() {
        appendBatch(PARTITION, aBatch().withTimestamps(100, 150));

        Optional<RecordBatch> found = await(store.findFirstBatchWithTimestampAtLeast(PARTITION, 151, Long.MAX_VALUE));

        assertThat(found).isEmpty();
    }

    @Test
    void shouldLookUpTimestampOnlyBelowMaxOffset() {
        appendBatch(PARTITION, aBatch().withTimestamps(100, 150));
        appendBatch(PARTITION, aBatch().withTimestamps(300));

        Optional<RecordBatch> found = await(store.findFirstBatchWithTimestampAtLeast(PARTITION, 200, 2));

        assertThat(found).isEmpty();
    }

    @Test
    void shouldReturnFoundTimestampBatchByteForByte() {
        RecordBatch appended = appendBatch(PARTITION, aBatch().withTimestamps(DEFAULT_TIMESTAMP, DEFAULT_TIMESTAMP + 5));

        Optional<RecordBatch> found = await(store.findFirstBatchWithTimestampAtLeast(PARTITION, 0, Long.MAX_VALUE));

        assertThat(found).map(PartitionLogStoreContract::hex).contains(hex(appended));
    }

    @Test
    void shouldFindFirstBatchHoldingTheGreatestTimestamp() {
        appendBatch(PARTITION, aBatch().withTimestamps(100));
        appendBatch(PARTITION, aBatch().withTimestamps(500, 200));
        appendBatch(PARTITION, aBatch().withTimestamps(300));
        appendBatch(PARTITION, aBatch().withTimestamps(500));

        Optional<RecordBatch> found = await(store.findBatchWithMaxTimestamp(PARTITION, Long.MAX_VALUE));

        assertThat(found).map(RecordBatch::baseOffset).contains(1L);
    }

    @Test
    void shouldFindGreatestTimestampOnlyBelowMaxOffset() {
        appendBatch(PARTITION, aBatch().withTimestamps(100));
        appendBatch(PARTITION, aBatch().withTimestamps(200));
        appendBatch(PARTITION, aBatch().withTimestamps(900));

        Optional<RecordBatch> found = await(store.findBatchWithMaxTimestamp(PARTITION, 2));

        assertThat(found).map(RecordBatch::baseOffset).contains(1L);
    }

    @Test
    void shouldFindNoGreatestTimestampInEmptyPartition() {
        Optional<RecordBatch> found = await(store.findBatchWithMaxTimestamp(PARTITION, Long.MAX_VALUE));

        assertThat(found).isEmpty();
    }

    @Test
    void shouldDeleteEveryPartitionOfTheTopicAndNothingElse() {
        TopicIdPartition secondPartition = new TopicIdPartition(TOPIC_ID, TOPIC, 1);
        TopicIdPartition otherTopic = new TopicIdPartition(TopicId.random(), TopicName.of("payments"), 0);
        append(PARTITION, List.of(nextBatch(PARTITION, aBatch().withProducer(1L, (short) 0, 0))),
                List.of(producerState(1L, (short) 0, 0, 0, 0, 0)));
        appendBatches(secondPartition, 2, 2);
        List<RecordBatch> kept = appendBatches(otherTopic, 3);
        ProducerStateEntry keptProducer = producerState(2L, (short) 0, 0, 0, 3, 3);
        append(otherTopic, List.of(nextBatch(otherTopic, aBatch().withProducer(2L, (short) 0, 0))),
                List.of(keptProducer));

        await(store.deleteTopic(TOPIC_ID));

        for (TopicIdPartition deleted : List.of(PARTITION, secondPartition)) {
            assertThat(await(store.read(deleted, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE))).isEmpty()).isTrue();
            assertThat(await(store.findBatchWithMaxTimestamp(deleted, Long.MAX_VALUE))).isEmpty();
            assertThat(store.open(deleted)).isEqualTo(StoredLogState.empty());
        }
        LogSlice otherSlice = await(store.read(otherTopic, 0, 3, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        assertThat(hex(otherSlice.batches())).containsExactlyElementsOf(hex(kept));
        assertThat(store.open(otherTopic).logEndOffset()).isEqualTo(4);
        assertThat(store.open(otherTopic).producerStates()).containsExactly(keptProducer);
    }

    @Test
    void shouldDeleteUnknownTopicWithoutFailing() {
        appendBatches(PARTITION, 1);

        await(store.deleteTopic(TopicId.random()));

        assertThat(store.open(PARTITION).logEndOffset()).isEqualTo(1);
    }

    @Test
    void shouldForceWhatWasAppendedWithoutChangingIt() {
        List<RecordBatch> appended = appendBatches(PARTITION, 2, 1);

        await(store.sync());

        assertThat(store.open(PARTITION).logEndOffset()).isEqualTo(3);
        assertThat(hex(readEverything(PARTITION, 0).batches())).containsExactlyElementsOf(hex(appended));
    }

    @Test
    void shouldReportItselfWritableWhileAppendsSucceed() {
        assertThat(await(store.checkWritable())).isTrue();

        appendBatches(PARTITION, 2);

        assertThat(await(store.checkWritable())).isTrue();
        assertThat(store.open(PARTITION).logEndOffset()).isEqualTo(2);
    }

    @Test
    void shouldOpenACopiedPartitionAsTheStateItWasCompletedWith() {
        // a copy starts with the batch holding the log start offset, as another broker stores it
        logEndOffsets.put(PARTITION, 100L);
        List<RecordBatch> copied = appendBatches(PARTITION, 10, 5, 5);
        ProducerStateEntry producer = producerState(7L, (short) 2, 0, 4, 110, 114);
        AbortedTransaction aborted = new AbortedTransaction(9L, 102, 115);
        StoredLogState state = new StoredLogState(104, 120, List.of(producer), 42, List.of(aborted));

        await(store.completeCopy(PARTITION, state));

        StoredLogState opened = store.open(PARTITION);
        assertThat(opened.logStartOffset()).isEqualTo(104);
        assertThat(opened.logEndOffset()).isEqualTo(120);
        assertThat(opened.producerStates()).containsExactly(producer);
        assertThat(opened.abortedTransactions()).containsExactly(aborted);
        assertThat(opened.appliedLogIndex()).isEqualTo(42);
        LogSlice read = await(store.read(PARTITION, 104, 120, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        assertThat(read.batches()).extracting(RecordBatch::baseOffset)
                .containsExactlyElementsOf(copied.stream().map(RecordBatch::baseOffset).toList());
        read.release();
    }

    @Test
    void shouldReplaceTheProducerStatesAndAbortedTransactionsWithTheCopiedOnes() {
        ProducerStateEntry before = producerState(3L, (short) 0, 0, 0, 0, 0);
        append(PARTITION, List.of(nextBatch(PARTITION, aBatch().withRecords(1))), List.of(before));
        ProducerStateEntry copied = producerState(8L, (short) 1, 0, 0, 0, 0);

        await(store.completeCopy(PARTITION, new StoredLogState(0, 1, List.of(copied), 5, List.of())));

        assertThat(store.open(PARTITION).producerStates()).containsExactly(copied);
        assertThat(store.open(new TopicIdPartition(TOPIC_ID, TOPIC, 1)).producerStates()).isEmpty();
    }

    @Test
    void shouldOpenWithNoAppliedLogIndexWhenNoAppendCarriedOne() {
        appendBatches(PARTITION, 2, 3);

        assertThat(store.open(PARTITION).appliedLogIndex()).isEqualTo(PartitionLogStore.NO_LOG_INDEX);
        assertThat(store.open(new TopicIdPartition(TOPIC_ID, TOPIC, 7)).appliedLogIndex())
                .isEqualTo(PartitionLogStore.NO_LOG_INDEX);
    }

    @Test
    void shouldOpenWithTheLogIndexOfTheLatestAppendThatCarriedOne() {
        appendWithLogIndex(PARTITION, 11, 2);
        appendWithLogIndex(PARTITION, 15, 1);
        appendBatches(PARTITION, 4);

        StoredLogState state = store.open(PARTITION);

        assertThat(state.appliedLogIndex()).isEqualTo(15);
        assertThat(state.logEndOffset()).isEqualTo(7);
    }

    @Test
    void shouldKeepTheAppliedLogIndexOfEachPartitionApart() {
        TopicIdPartition otherPartition = new TopicIdPartition(TOPIC_ID, TOPIC, 1);
        appendWithLogIndex(PARTITION, 3, 1);
        appendWithLogIndex(otherPartition, 4, 1);
        appendWithLogIndex(PARTITION, 5, 1);

        assertThat(store.open(PARTITION).appliedLogIndex()).isEqualTo(5);
        assertThat(store.open(otherPartition).appliedLogIndex()).isEqualTo(4);
    }

    @Test
    void shouldStartALogEmptiedPastItsEndThereAndAppendFromIt() {
        appendBatches(PARTITION, 2, 3);

        await(store.deleteBefore(PARTITION, 100));

        StoredLogState emptied = store.open(PARTITION);
        assertThat(emptied.logStartOffset()).isEqualTo(100);
        assertThat(emptied.logEndOffset()).isEqualTo(100);
        LogSlice before = await(store.read(PARTITION, 0, 100, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        assertThat(before.batches()).isEmpty();
        before.release();

        logEndOffsets.put(PARTITION, 100L);
        appendBatches(PARTITION, 4);

        assertThat(store.open(PARTITION).logEndOffset()).isEqualTo(104);
        LogSlice after = await(store.read(PARTITION, 100, 104, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        assertThat(after.batches()).extracting(RecordBatch::baseOffset).containsExactly(100L);
        after.release();
    }

    @Test
    void shouldKeepTheAppliedLogIndexWhenTheLogStartOffsetMoves() {
        appendWithLogIndex(PARTITION, 20, 2);
        appendWithLogIndex(PARTITION, 21, 2);

        await(store.deleteBefore(PARTITION, 4));

        StoredLogState state = store.open(PARTITION);
        assertThat(state.appliedLogIndex()).isEqualTo(21);
        assertThat(state.logStartOffset()).isEqualTo(4);
    }

    @Test
    void shouldForgetTheAppliedLogIndexWithTheTopic() {
        appendWithLogIndex(PARTITION, 9, 2);

        await(store.deleteTopic(TOPIC_ID));

        assertThat(store.open(PARTITION).appliedLogIndex()).isEqualTo(PartitionLogStore.NO_LOG_INDEX);
    }

    // --- a read sees every change made before it ---------------------------------------------------------

    @Test
    void shouldSeeBatchesAppendedAfterThePreviousReadEnded() {
        appendBatches(PARTITION, 2, 2);
        LogSlice first = readEverything(PARTITION, 0);
        List<RecordBatch> appended = appendBatches(PARTITION, 3, 1);

        LogSlice next = readEverything(PARTITION, 4);

        assertThat(baseOffsets(first)).containsExactly(0L, 2L);
        assertThat(hex(next.batches())).containsExactlyElementsOf(hex(appended));
    }

    @Test
    void shouldSeeAnAppendMadeAfterAReadOfTheLogEndFoundNothing() {
        appendBatches(PARTITION, 2);
        LogSlice atLogEnd = readEverything(PARTITION, 2);
        RecordBatch appended = appendBatches(PARTITION, 3).get(0);

        LogSlice again = readEverything(PARTITION, 2);

        assertThat(atLogEnd.isEmpty()).isTrue();
        assertThat(hex(again.batches())).containsExactly(hex(appended));
    }

    @Test
    void shouldNeverReturnBatchesDeletedBeforeTheRead() {
        List<RecordBatch> appended = appendBatches(PARTITION, 2, 2, 2);
        readEverything(PARTITION, 0);
        readEverything(PARTITION, 2);

        await(store.deleteBefore(PARTITION, 4));

        assertThat(hex(readEverything(PARTITION, 0).batches())).containsExactly(hex(appended.get(2)));
        assertThat(hex(readEverything(PARTITION, 2).batches())).containsExactly(hex(appended.get(2)));
        assertThat(hex(readEverything(PARTITION, 4).batches())).containsExactly(hex(appended.get(2)));
    }

    @Test
    void shouldReturnCleanedBatchesAndNeverRemovedOnesAfterTheyWereRead() {
        List<RecordBatch> appended = appendBatches(PARTITION, 2, 2, 2);
        readEverything(PARTITION, 0);
        readEverything(PARTITION, 2);
        RecordBatch cleaned = aBatch().withBaseOffset(0).withRecords(1).withValueSize(7).build();

        await(store.replaceBatches(PARTITION, List.of(CleanedBatch.replacedBy(cleaned), CleanedBatch.removed(2))));

        assertThat(hex(readEverything(PARTITION, 0).batches())).containsExactly(hex(cleaned), hex(appended.get(2)));
        assertThat(hex(readEverything(PARTITION, 2).batches())).containsExactly(hex(appended.get(2)));
    }

    @Test
    void shouldReadOnlyTheNewLogOfAPartitionWhoseTopicWasDeletedAndCreatedAgain() {
        appendBatches(PARTITION, 3, 3);
        readEverything(PARTITION, 0);
        readEverything(PARTITION, 3);

        await(store.deleteTopic(TOPIC_ID));
        logEndOffsets.remove(PARTITION);
        store.open(PARTITION);
        RecordBatch recreated = appendBatch(PARTITION, aBatch().withRecords(2).withValueSize(5));

        assertThat(hex(readEverything(PARTITION, 0).batches())).containsExactly(hex(recreated));
        assertThat(readEverything(PARTITION, 3).isEmpty()).isTrue();
    }

    @Test
    void shouldGiveEveryOneOfManyConcurrentReadsOfAPartitionWhatItAskedFor() throws Exception {
        int stored = 20;
        List<RecordBatch> appended = new ArrayList<>();
        for (int i = 0; i < stored; i++) {
            appended.addAll(appendBatches(PARTITION, 1 + i % 3));
        }
        long maxOffset = logEndOffsets.get(PARTITION);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> reads = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                RecordBatch first = appended.get(i % stored);
                reads.add(callers.submit(() -> hex(await(store.read(PARTITION, first.baseOffset(), maxOffset,
                        ReadLimit.atLeastOneBatch(Integer.MAX_VALUE))).batches())));
            }
            appendBatches(PARTITION, 4, 4, 4);

            for (int i = 0; i < reads.size(); i++) {
                assertThat(reads.get(i).get(30, TimeUnit.SECONDS))
                        .containsExactlyElementsOf(hex(appended.subList(i % stored, stored)));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    // --- releasing what a read returned ---------------------------------------------------------------------

    @Test
    void shouldGiveBackEveryReadsMemoryOnceItsSlicesAreReleased() {
        List<RecordBatch> appended = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            appended.add(appendBatch(PARTITION, aBatch().withRecords(2).withValueSize(2_000)));
        }
        List<LogSlice> held = new ArrayList<>();
        for (RecordBatch first : appended) {
            held.add(await(store.read(PARTITION, first.baseOffset(), Long.MAX_VALUE, ReadLimit.atLeastOneBatch(10_000))));
        }

        held.forEach(LogSlice::release);

        assertThat(held).allMatch(LogSlice::isReleased);
        assertThat(bytesLentToSlices()).isZero();
    }

    @Test
    void shouldRefuseTheBatchesOfAReleasedSlice() {
        appendBatches(PARTITION, 2, 3);
        LogSlice slice = readEverything(PARTITION, 0);

        slice.release();

        assertThatThrownBy(slice::batches).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("used after its release");
        assertThat(slice.sizeInBytes()).isPositive();
    }

    @Test
    void shouldIgnoreASecondReleaseAndGiveNothingBackTwice() {
        List<RecordBatch> appended = appendBatches(PARTITION, 2, 3, 4);
        LogSlice released = readEverything(PARTITION, 0);
        LogSlice held = readEverything(PARTITION, 0);

        released.release();
        released.release();
        LogSlice later = readEverything(PARTITION, 0);

        // memory given back twice would be lent to two reads at once: the later read would overwrite the held one
        assertThat(hex(held.batches())).containsExactlyElementsOf(hex(appended));
        assertThat(hex(later.batches())).containsExactlyElementsOf(hex(appended));
        held.release();
        later.release();
        assertThat(bytesLentToSlices()).isZero();
    }

    @Test
    void shouldKeepAHeldSlicesBytesWhileOtherReadsComeAndGo() {
        List<RecordBatch> appended = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            appended.add(appendBatch(PARTITION, aBatch().withRecords(2).withValueSize(3_000)));
        }
        LogSlice held = readEverything(PARTITION, 0);

        for (int round = 0; round < 20; round++) {
            readEverything(PARTITION, appended.get(round % appended.size()).baseOffset()).release();
        }

        assertThat(hex(held.batches())).containsExactlyElementsOf(hex(appended));
        held.release();
        assertThat(bytesLentToSlices()).isZero();
    }

    @Test
    void shouldGiveBackTheMemoryOfSlicesReleasedOnOtherThreads() throws Exception {
        List<RecordBatch> appended = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            appended.add(appendBatch(PARTITION, aBatch().withRecords(2).withValueSize(2_000)));
        }
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> reads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                RecordBatch first = appended.get(i % appended.size());
                reads.add(readers.submit(() -> {
                    LogSlice slice = await(store.read(PARTITION, first.baseOffset(), Long.MAX_VALUE,
                            ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
                    try {
                        return hex(slice.batches());
                    } finally {
                        slice.release();
                    }
                }));
            }
            for (int i = 0; i < reads.size(); i++) {
                assertThat(reads.get(i).get(30, TimeUnit.SECONDS))
                        .containsExactlyElementsOf(hex(appended.subList(i % appended.size(), appended.size())));
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(bytesLentToSlices()).isZero();
    }

    @Test
    void shouldLeaveTheSharedEmptySliceReadableAfterItsRelease() {
        LogSlice empty = readEverything(PARTITION, 0);

        empty.release();

        assertThat(empty.batches()).isEmpty();
        assertThat(LogSlice.EMPTY.batches()).isEmpty();
    }

    @Test
    void shouldReportTheBytesOfAHeldSliceAsReadBuffersInUseUntilItIsReleased() {
        appendBatch(PARTITION, aBatch().withValueSize(10_000));
        LogSlice slice = readEverything(PARTITION, 0);

        ReadBufferUsage held = store.readBufferUsage();
        slice.release();
        ReadBufferUsage released = store.readBufferUsage();

        // a store with no pool lends nothing; one with a pool lends the slice its bytes
        assertThat(held.bytesInUse()).isEqualTo(held.capacityBytes() == 0 ? 0 : slice.sizeInBytes());
        assertThat(held.buffersInUse()).isEqualTo(held.capacityBytes() == 0 ? 0 : 1);
        assertThat(released.bytesInUse()).isZero();
        assertThat(released.buffersInUse()).isZero();
        assertThat(released.capacityBytes()).isEqualTo(held.capacityBytes());
        assertThat(released.heapFallbacks()).isEqualTo(held.heapFallbacks());
    }

    // --- reading to send -----------------------------------------------------------------------------------

    @Test
    void shouldSendByteForByteWhatAReadOfFewSmallBatchesReturns() {
        // given batches [0], [1..3], [4..5]
        List<RecordBatch> appended = appendBatches(PARTITION, 1, 3, 2);

        // then reads to send send what the same reads return: the batches as appended
        assertThat(sentBothWays(0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)))
                .containsOnly(joined(appended));
        assertThat(sentBothWays(2, 4, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)))
                .containsOnly(joined(appended.subList(1, 2)));
    }

    @Test
    void shouldSendByteForByteWhatAReadOfBatchesLargeEnoughToBeLeftInFilesReturns() {
        // given eight batches of 8 KB, which a store may leave in its files rather than read
        List<RecordBatch> appended = appendLargeBatches(PARTITION, 8);
        int fiveBatches = totalBytes(appended.subList(0, 5));
        long second = appended.get(1).baseOffset();
        long last = appended.get(7).baseOffset();
        long fourth = appended.get(3).baseOffset();

        // then reads to send, whatever their arguments, send what the same reads return
        assertThat(sentBothWays(0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)))
                .containsOnly(joined(appended));
        assertThat(sentBothWays(second + 1, last, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)))
                .containsOnly(joined(appended.subList(1, 7)));
        assertThat(sentBothWays(0, Long.MAX_VALUE, ReadLimit.strict(fiveBatches + 10)))
                .containsOnly(joined(appended.subList(0, 5)));
        assertThat(sentBothWays(fourth, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(0)))
                .containsOnly(joined(appended.subList(3, 4)));
        assertThat(sentBothWays(0, Long.MAX_VALUE, ReadLimit.strict(appended.get(0).sizeInBytes() - 1)))
                .containsOnly("");
    }

    @Test
    void shouldEndASliceReadToSendAtTheNextOffsetOfItsLastBatch() {
        // given small batches [0..1], [2..4], then large ones
        List<RecordBatch> small = appendBatches(PARTITION, 2, 3);
        List<RecordBatch> large = appendLargeBatches(PARTITION, 6);

        // when
        LogSlice fewSmall = await(store.readToSend(PARTITION, 0, 5, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        LogSlice manyLarge = await(store.readToSend(PARTITION, 5, Long.MAX_VALUE,
                ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        LogSlice cutShort = await(store.readToSend(PARTITION, 5, Long.MAX_VALUE,
                ReadLimit.strict(totalBytes(large.subList(0, 5)))));
        LogSlice atTheEnd = await(store.readToSend(PARTITION, large.get(5).nextOffset(), Long.MAX_VALUE,
                ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        // then
        assertThat(fewSmall.nextOffset()).isEqualTo(small.get(1).nextOffset()).isEqualTo(5);
        assertThat(manyLarge.nextOffset()).isEqualTo(large.get(5).nextOffset());
        assertThat(cutShort.nextOffset()).isEqualTo(large.get(4).nextOffset());
        assertThat(atTheEnd.isEmpty()).isTrue();
        assertThat(atTheEnd.nextOffset()).isEqualTo(LogSlice.NO_OFFSET);
        assertThat(manyLarge.sizeInBytes()).isEqualTo(totalBytes(large));
        for (LogSlice slice : List.of(fewSmall, manyLarge, cutShort, atTheEnd)) {
            slice.release();
        }
    }

    @Test
    void shouldKeepSendingAHeldSlicesBytesAfterItsBatchesWereDeletedAndOthersAppended() {
        // given a slice read to send, held
        List<RecordBatch> appended = appendLargeBatches(PARTITION, 6);
        LogSlice held = await(store.readToSend(PARTITION, 0, Long.MAX_VALUE,
                ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        // when retention deletes every batch it holds, and new ones are appended
        await(store.deleteBefore(PARTITION, appended.get(5).nextOffset()));
        List<RecordBatch> later = appendLargeBatches(PARTITION, 6);

        // then the store no longer returns the deleted batches, but the held slice still sends them
        LogSlice afterDeletion = readEverything(PARTITION, 0);
        assertThat(sentBytes(afterDeletion)).isEqualTo(joined(later));
        assertThat(sentBytes(held)).isEqualTo(joined(appended));
        afterDeletion.release();
        held.release();
        assertThat(held.isReleased()).isTrue();
        assertThat(bytesLentToSlices()).isZero();
    }

    @Test
    void shouldKeepSendingAHeldSlicesBytesAfterItsTopicWasDeleted() {
        // given a slice read to send, of small batches, and one of large ones, held
        List<RecordBatch> small = appendBatches(PARTITION, 2, 2);
        List<RecordBatch> large = appendLargeBatches(PARTITION, 6);
        LogSlice fewSmall = await(store.readToSend(PARTITION, 0, 4, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        LogSlice manyLarge = await(store.readToSend(PARTITION, 4, Long.MAX_VALUE,
                ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));

        // when the topic is deleted
        await(store.deleteTopic(TOPIC_ID));

        // then the store finds nothing of it, but the held slices still send its batches
        assertThat(readEverything(PARTITION, 0).isEmpty()).isTrue();
        assertThat(sentBytes(fewSmall)).isEqualTo(joined(small));
        assertThat(sentBytes(manyLarge)).isEqualTo(joined(large));
        fewSmall.release();
        manyLarge.release();
        assertThat(bytesLentToSlices()).isZero();
    }

    @Test
    void shouldGiveBackWhatSlicesReadToSendHoldOnceTheyAreReleased() {
        // given slices read to send, small and large, some overlapping
        appendBatches(PARTITION, 1, 2);
        List<RecordBatch> large = appendLargeBatches(PARTITION, 6);
        List<LogSlice> held = new ArrayList<>();
        for (long from : List.of(0L, 1L, large.get(0).baseOffset(), large.get(2).baseOffset(), 0L)) {
            held.add(await(store.readToSend(PARTITION, from, Long.MAX_VALUE,
                    ReadLimit.atLeastOneBatch(Integer.MAX_VALUE))));
        }

        // when
        held.forEach(LogSlice::release);
        held.forEach(LogSlice::release);

        // then
        assertThat(held).allMatch(LogSlice::isReleased);
        assertThat(bytesLentToSlices()).isZero();
        LogSlice again = readEverything(PARTITION, large.get(0).baseOffset());
        assertThat(sentBytes(again)).isEqualTo(joined(large));
        again.release();
    }

    /**
     * Reads the same batches twice, to look at them and to send them, and returns what each sends: the read's first,
     * then the read to send's. Both slices are released.
     */
    private List<String> sentBothWays(long fromOffset, long maxOffset, ReadLimit limit) {
        LogSlice read = await(store.read(PARTITION, fromOffset, maxOffset, limit));
        LogSlice toSend = await(store.readToSend(PARTITION, fromOffset, maxOffset, limit));
        try {
            assertThat(toSend.sizeInBytes()).isEqualTo(read.sizeInBytes());
            assertThat(toSend.nextOffset()).isEqualTo(read.nextOffset());
            return List.of(sentBytes(read), sentBytes(toSend));
        } finally {
            read.release();
            toSend.release();
        }
    }

    /**
     * The bytes of memory the store has lent to slices not yet released, as {@link PartitionLogStore#readBufferUsage}
     * reports them (0 for a store whose slices lie in memory it keeps anyway).
     */
    protected long bytesLentToSlices() {
        return store.readBufferUsage().bytesInUse();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** Reads every batch of the partition from {@code fromOffset} on. */
    protected LogSlice readEverything(TopicIdPartition partition, long fromOffset) {
        return await(store.read(partition, fromOffset, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
    }

    /** Appends one batch of {@code records} at the partition's next offset, as the command at {@code logIndex}. */
    protected RecordBatch appendWithLogIndex(TopicIdPartition partition, long logIndex, int records) {
        RecordBatch batch = nextBatch(partition, aBatch().withRecords(records));
        await(store.append(partition, List.of(batch), List.of(), logIndex));
        return batch;
    }

    /** Appends one batch per record count, each in its own call, at the partition's next offsets. */
    protected List<RecordBatch> appendBatches(TopicIdPartition partition, int... recordCounts) {
        List<RecordBatch> appended = new ArrayList<>();
        for (int records : recordCounts) {
            appended.add(appendBatch(partition, aBatch().withRecords(records)));
        }
        return appended;
    }

    /**
     * Appends {@code count} batches of two records of 4,000 bytes each, one per call: five or more of them are more
     * than a store reads into memory when it may leave the batches of a read to send in its files.
     */
    protected List<RecordBatch> appendLargeBatches(TopicIdPartition partition, int count) {
        List<RecordBatch> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            appended.add(appendBatch(partition, aBatch().withRecords(2).withValueSize(4_000)));
        }
        return appended;
    }

    protected RecordBatch appendBatch(TopicIdPartition partition,
                                      RecordBatchBuilder builder) {
        RecordBatch batch = nextBatch(partition, builder);
        append(partition, List.of(batch), List.of());
        return batch;
    }

    protected void append(TopicIdPartition partition, List<RecordBatch> batches, List<ProducerStateEntry> states) {
        await(store.append(partition, batches, states));
    }

    /** A batch from {@code builder} placed at the partition's next offset, which it then advances past. */
    protected RecordBatch nextBatch(TopicIdPartition partition,
                                    RecordBatchBuilder builder) {
        long baseOffset = logEndOffsets.getOrDefault(partition, 0L);
        RecordBatch batch = builder.withBaseOffset(baseOffset).build();
        logEndOffsets.put(partition, batch.nextOffset());
        return batch;
    }

    protected static ProducerStateEntry producerState(long producerId, short epoch, int firstSequence,
                                                      int lastSequence, long firstOffset, long lastOffset) {
        return ProducerStateEntry.empty(producerId, epoch)
                .withBatch(epoch, new BatchMetadata(firstSequence, lastSequence, firstOffset, lastOffset));
    }

    protected static <T> T await(CompletableFuture<T> future) {
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

    protected static List<Long> baseOffsets(LogSlice slice) {
        return slice.batches().stream().map(RecordBatch::baseOffset).toList();
    }

    protected static String hex(RecordBatch batch) {
        ByteBuffer bytes = batch.bytes();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return HexFormat.of().formatHex(copy);
    }

    protected static List<String> hex(List<RecordBatch> batches) {
        return batches.stream().map(PartitionLogStoreContract::hex).toList();
    }

    /** The bytes of the batches, back to back, as hex. */
    protected static String joined(List<RecordBatch> batches) {
        return String.join("", hex(batches));
    }

    protected static int totalBytes(List<RecordBatch> batches) {
        return batches.stream().mapToInt(RecordBatch::sizeInBytes).sum();
    }

    /** What a slice sends to a socket, whatever its form, as hex (see {@link SentBytes}). */
    protected static String sentBytes(LogSlice slice) {
        return SentBytes.of(slice);
    }
}
