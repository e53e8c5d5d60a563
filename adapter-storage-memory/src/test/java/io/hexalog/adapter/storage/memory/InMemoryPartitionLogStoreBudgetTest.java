package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.application.testdata.RecordBatchBuilder;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.error.StorageFullException;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory store within its budget ({@code log.memory.max.bytes}): appends that do not fit are refused whole,
 * and deleting batches or topics gives memory back.
 */
class InMemoryPartitionLogStoreBudgetTest {

    /** The size of one {@link #kilobyteBatch()}. */
    private static final int BATCH_BYTES = kilobyteBatch().build().sizeInBytes();
    private static final long BUDGET = 3 * BATCH_BYTES + BATCH_BYTES / 2;

    private static final TopicId ORDERS_ID = TopicId.random();
    private static final TopicIdPartition ORDERS = new TopicIdPartition(ORDERS_ID, TopicName.of("orders"), 0);
    private static final TopicIdPartition PAYMENTS =
            new TopicIdPartition(TopicId.random(), TopicName.of("payments"), 0);

    private final InMemoryPartitionLogStore store = new InMemoryPartitionLogStore(new MemoryBudget(BUDGET));
    private final Map<TopicIdPartition, Long> logEndOffsets = new HashMap<>();

    @Test
    void shouldRefuseAtOnceAnAppendThatDoesNotFitAndNameTheBudget() {
        fillWithThreeBatches(ORDERS);

        CompletableFuture<Void> refused = store.append(ORDERS, List.of(batchAt(3, kilobyteBatch())), List.of());

        assertThat(refused).isCompletedExceptionally();
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableThat()
                .withCauseInstanceOf(StorageFullException.class)
                .withMessageContaining("log.memory.max.bytes");
        assertThat(store.usedBytes()).isEqualTo(3L * BATCH_BYTES);
    }

    @Test
    void shouldStoreNothingOfAnAppendThatDoesNotFitWhole() {
        fillWithThreeBatches(ORDERS);
        // a small batch that would fit, sent together with one that does not, and the producer state they imply
        RecordBatch small = batchAt(3, aBatch());
        RecordBatch large = batchAt(small.nextOffset(), kilobyteBatch());
        ProducerStateEntry producer = ProducerStateEntry.empty(42, (short) 0)
                .withBatch((short) 0, new BatchMetadata(0, 1, 3, small.nextOffset()));

        assertThat(store.append(ORDERS, List.of(small, large), List.of(producer))).isCompletedExceptionally();

        StoredLogState state = store.open(ORDERS);
        assertThat(state.logEndOffset()).isEqualTo(3);
        assertThat(state.producerStates()).isEmpty();
        assertThat(read(ORDERS)).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L, 2L);
        assertThat(store.usedBytes()).isEqualTo(3L * BATCH_BYTES);

        // and the small batch alone, at the same offset, fits in what is left
        assertThat(store.append(ORDERS, List.of(batchAt(3, aBatch())), List.of())).isCompleted();
        assertThat(read(ORDERS)).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void shouldGiveMemoryBackWhenRetentionOrDeleteRecordsDropsBatches() {
        fillWithThreeBatches(ORDERS);

        store.deleteBefore(ORDERS, 1).join();

        assertThat(store.usedBytes()).isEqualTo(2L * BATCH_BYTES);
        assertThat(store.append(ORDERS, List.of(batchAt(3, kilobyteBatch())), List.of())).isCompleted();
        assertThat(read(ORDERS)).extracting(RecordBatch::baseOffset).containsExactly(1L, 2L, 3L);
    }

    @Test
    void shouldKeepTheMemoryOfABatchThatTheNewLogStartOffsetFallsInside() {
        fillWithThreeBatches(ORDERS);

        // offset 0 is a batch of one record: a log start offset of 0 deletes nothing
        store.deleteBefore(ORDERS, 0).join();

        assertThat(store.usedBytes()).isEqualTo(3L * BATCH_BYTES);
    }

    @Test
    void shouldGiveMemoryBackWhenCleaningEmptiesASegment() {
        fillWithThreeBatches(ORDERS);

        store.replaceBatches(ORDERS, List.of(CleanedBatch.removed(0), CleanedBatch.removed(1))).join();

        assertThat(store.usedBytes()).isEqualTo(BATCH_BYTES);
        assertThat(read(ORDERS)).extracting(RecordBatch::baseOffset).containsExactly(2L);
        assertThat(store.open(ORDERS).logStartOffset()).isZero();
    }

    @Test
    void shouldPayForACleanedBatchAndGiveBackTheSegmentItReplaces() {
        fillWithThreeBatches(ORDERS);
        RecordBatch cleaned = batchAt(1, aBatch());

        store.replaceBatches(ORDERS, List.of(CleanedBatch.replacedBy(cleaned))).join();

        assertThat(store.usedBytes()).isEqualTo(2L * BATCH_BYTES + cleaned.sizeInBytes());
        assertThat(read(ORDERS).get(1).bytes()).isEqualTo(cleaned.bytes());
    }

    @Test
    void shouldCleanAFullStoreWithTheMemoryOfTheSegmentsTheCleaningEmpties() {
        fillWithThreeBatches(ORDERS);
        RecordBatch cleaned = batchAt(1, aBatch().withValueSize(BATCH_BYTES * 3 / 4));
        assertThat(cleaned.sizeInBytes()).as("more than the budget has left").isGreaterThan(BATCH_BYTES / 2);

        store.replaceBatches(ORDERS, List.of(CleanedBatch.removed(0), CleanedBatch.replacedBy(cleaned))).join();

        assertThat(read(ORDERS)).extracting(RecordBatch::baseOffset).containsExactly(1L, 2L);
        assertThat(read(ORDERS).get(0).bytes()).isEqualTo(cleaned.bytes());
        assertThat(store.usedBytes()).isEqualTo(BATCH_BYTES + (long) cleaned.sizeInBytes()).isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void shouldRefuseACleaningThatDoesNotFitAndChangeNothing() {
        fillWithThreeBatches(ORDERS);
        RecordBatch tooLarge = batchAt(1, aBatch().withValueSize(2 * BATCH_BYTES));

        CompletableFuture<Void> refused = store.replaceBatches(ORDERS, List.of(CleanedBatch.replacedBy(tooLarge)));

        assertThat(refused).failsWithin(Duration.ZERO).withThrowableThat()
                .withCauseInstanceOf(StorageFullException.class);
        assertThat(read(ORDERS)).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L, 2L);
        assertThat(store.usedBytes()).isEqualTo(3L * BATCH_BYTES);
    }

    @Test
    void shouldGiveMemoryBackWhenTheTopicIsDeleted() {
        fillWithThreeBatches(ORDERS);

        store.deleteTopic(ORDERS_ID).join();

        assertThat(store.usedBytes()).isZero();
        fillWithThreeBatches(PAYMENTS);
        assertThat(read(PAYMENTS)).hasSize(3);
    }

    @Test
    void shouldShareOneBudgetBetweenPartitions() {
        fillWithThreeBatches(ORDERS);

        assertThat(store.append(PAYMENTS, List.of(batchAt(0, kilobyteBatch())), List.of())).isCompletedExceptionally();
        assertThat(read(PAYMENTS)).isEmpty();
    }

    @Test
    void shouldNeverHoldMoreThanTheBudgetWhilePartitionsAppendConcurrently() throws Exception {
        long budget = 200L * BATCH_BYTES;
        InMemoryPartitionLogStore shared = new InMemoryPartitionLogStore(new MemoryBudget(budget));
        TopicId topic = TopicId.random();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            // each writer appends to its own partition until it is refused ten times
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int p = 0; p < writers; p++) {
                TopicIdPartition partition = new TopicIdPartition(topic, TopicName.of("busy"), p);
                accepted.add(pool.submit(() -> {
                    start.await();
                    int stored = 0;
                    int refusals = 0;
                    while (refusals < 10) {
                        RecordBatch batch = kilobyteBatch().withBaseOffset(stored).build();
                        if (shared.append(partition, List.of(batch), List.of()).isCompletedExceptionally()) {
                            refusals++;
                        } else {
                            stored++;
                        }
                    }
                    return stored;
                }));
            }
            start.countDown();
            long storedBatches = 0;
            for (int p = 0; p < writers; p++) {
                int stored = accepted.get(p).get(30, TimeUnit.SECONDS);
                TopicIdPartition partition = new TopicIdPartition(topic, TopicName.of("busy"), p);
                assertThat(shared.open(partition).logEndOffset()).isEqualTo(stored);
                storedBatches += stored;
            }

            assertThat(shared.usedBytes()).isLessThanOrEqualTo(budget)
                    .isGreaterThanOrEqualTo(storedBatches * BATCH_BYTES);
            assertThat(budget - shared.usedBytes()).isLessThan(BATCH_BYTES);

            shared.deleteTopic(topic).join();
            assertThat(shared.usedBytes()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNeverRefuseWithoutABudget() {
        InMemoryPartitionLogStore unlimited = new InMemoryPartitionLogStore();
        for (int offset = 0; offset < 100; offset++) {
            assertThat(unlimited.append(ORDERS, List.of(kilobyteBatch().withBaseOffset(offset).build()), List.of()))
                    .isCompleted();
        }
    }

    @Test
    void shouldReportTheBytesOfTheBatchesHeldAsThePartitionSize() {
        fillWithThreeBatches(ORDERS);

        assertThat(store.sizeInBytes(ORDERS).join()).isEqualTo(3L * BATCH_BYTES);

        store.deleteBefore(ORDERS, 1).join();

        assertThat(store.sizeInBytes(ORDERS).join()).isEqualTo(2L * BATCH_BYTES);
    }

    @Test
    void shouldReportTheBudgetAsTheRoomOfTheInMemoryLogDirectory() {
        fillWithThreeBatches(ORDERS);

        LogDirectory directory = store.logDirectory();

        assertThat(directory.path()).isEqualTo(LogDirectory.IN_MEMORY);
        assertThat(directory.totalBytes()).isEqualTo(BUDGET);
        assertThat(directory.usableBytes()).isEqualTo(BUDGET - store.usedBytes()).isLessThan(BATCH_BYTES);
    }

    @Test
    void shouldReportNoVolumeSizesWithoutABudget() {
        LogDirectory directory = new InMemoryPartitionLogStore().logDirectory();

        assertThat(directory.totalBytes()).isEqualTo(LogDirectory.UNKNOWN_BYTES);
        assertThat(directory.usableBytes()).isEqualTo(LogDirectory.UNKNOWN_BYTES);
    }

    /** Three batches, each appended on its own: the budget then has room for half a batch. */
    private void fillWithThreeBatches(TopicIdPartition partition) {
        for (int i = 0; i < 3; i++) {
            long offset = logEndOffsets.getOrDefault(partition, 0L);
            assertThat(store.append(partition, List.of(batchAt(offset, kilobyteBatch())), List.of())).isCompleted();
            logEndOffsets.put(partition, offset + 1);
        }
    }

    private static RecordBatchBuilder kilobyteBatch() {
        return aBatch().withValueSize(1000);
    }

    private static RecordBatch batchAt(long offset, RecordBatchBuilder builder) {
        return builder.withBaseOffset(offset).build();
    }

    private List<RecordBatch> read(TopicIdPartition partition) {
        LogSlice slice = store.read(partition, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)).join();
        return slice.batches();
    }
}
