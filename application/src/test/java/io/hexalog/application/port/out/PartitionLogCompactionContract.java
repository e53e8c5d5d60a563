package io.hexalog.application.port.out;

import io.hexalog.application.service.SampleBatches;
import io.hexalog.application.testdata.KeyedBatch;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The part of the {@link PartitionLogStore} contract that log compaction relies on: {@code replaceBatches}, as its
 * Javadoc states it. Every adapter runs it by extending this class and saying how to make and reopen a store.
 */
public abstract class PartitionLogCompactionContract {

    private static final ReadLimit EVERYTHING = ReadLimit.atLeastOneBatch(Integer.MAX_VALUE);

    private PartitionLogStore store;
    private final Topic topic = Topic.create(TopicName.of("compacted"), 1);
    private final TopicIdPartition partition = topic.partition(0);

    /** A store holding nothing. */
    protected abstract PartitionLogStore createStore();

    /** The same stored data seen through a store opened afresh; adapters that keep nothing return the same store. */
    protected PartitionLogStore reopen(PartitionLogStore store) {
        return store;
    }

    /** Given batches [0,3) [3,5) [5,6) [6,8), a producer's state and an aborted transaction. */
    @BeforeEach
    void fourBatches() {
        store = createStore();
        store.append(partition, List.of(batch(0, 3), batch(3, 2), batch(5, 1), batch(6, 2)),
                List.of(ProducerStateEntry.empty(42, (short) 1)), 17).join();
    }

    @Test
    void shouldReplaceABatchByItsCleanedVersionKeepingItsOffsets() {
        RecordBatch cleaned = batch(3, 1);

        store.replaceBatches(partition, List.of(CleanedBatch.replacedBy(cleaned))).join();

        LogSlice slice = store.read(partition, 0, 8, EVERYTHING).join();
        assertThat(slice.batches()).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L, 5L, 6L);
        assertThat(slice.batches().get(1).bytes()).isEqualTo(cleaned.bytes());
    }

    @Test
    void shouldReadAcrossTheGapARemovedBatchLeaves() {
        store.replaceBatches(partition, List.of(CleanedBatch.removed(3), CleanedBatch.removed(5))).join();

        assertThat(baseOffsets(store.read(partition, 3, 8, EVERYTHING).join())).containsExactly(6L);
        assertThat(baseOffsets(store.read(partition, 4, 8, EVERYTHING).join())).containsExactly(6L);
        assertThat(baseOffsets(store.read(partition, 0, 8, EVERYTHING).join())).containsExactly(0L, 6L);
        assertThat(store.batchHeaders(partition, 8).join()).extracting(BatchHeader::baseOffset).containsExactly(0L, 6L);
    }

    @Test
    void shouldKeepTheLogStartOffsetWhenTheFirstBatchGoes() {
        store.replaceBatches(partition, List.of(CleanedBatch.removed(0))).join();

        assertThat(store.open(partition).logStartOffset()).isZero();
        assertThat(reopen(store).open(partition).logStartOffset()).isZero();
    }

    @Test
    void shouldKeepOffsetsProducerStatesAbortedTransactionsAndTheAppliedLogIndex() {
        store.appendTransactionMarker(partition, batch(8, 1), ProducerStateEntry.empty(42, (short) 2),
                Optional.of(new AbortedTransaction(42, 6, 8)), 18).join();
        StoredLogState before = store.open(partition);

        store.replaceBatches(partition, List.of(CleanedBatch.removed(0), CleanedBatch.replacedBy(batch(3, 1)),
                CleanedBatch.removed(6))).join();

        StoredLogState after = reopen(store).open(partition);
        assertThat(after.logStartOffset()).isEqualTo(before.logStartOffset());
        assertThat(after.logEndOffset()).isEqualTo(9);
        assertThat(after.producerStates()).isEqualTo(before.producerStates());
        assertThat(after.abortedTransactions()).isEqualTo(before.abortedTransactions());
        assertThat(after.appliedLogIndex()).isEqualTo(18);
    }

    @Test
    void shouldForgetTheAbortedTransactionWhoseMarkerIsRemoved() {
        store.appendTransactionMarker(partition, batch(8, 1), ProducerStateEntry.empty(42, (short) 2),
                Optional.of(new AbortedTransaction(42, 6, 8)), 18).join();
        store.appendTransactionMarker(partition, batch(9, 1), ProducerStateEntry.empty(43, (short) 2),
                Optional.of(new AbortedTransaction(43, 9, 9)), 19).join();

        store.replaceBatches(partition, List.of(CleanedBatch.removed(6), CleanedBatch.removed(8))).join();

        assertThat(store.open(partition).abortedTransactions()).containsExactly(new AbortedTransaction(43, 9, 9));
        assertThat(reopen(store).open(partition).abortedTransactions())
                .containsExactly(new AbortedTransaction(43, 9, 9));
    }

    @Test
    void shouldForgetTheAbortedTransactionWhoseMarkerIsEmptied() {
        RecordBatch marker = KeyedBatch.at(8).record("\0\0\0\0", "\0\0\0\0\0\0").producer(42, 2, -1)
                .transactional().control().build();
        store.appendTransactionMarker(partition, marker, ProducerStateEntry.empty(42, (short) 2),
                Optional.of(new AbortedTransaction(42, 6, 8)), 18).join();
        store.appendTransactionMarker(partition, batch(9, 1), ProducerStateEntry.empty(43, (short) 2),
                Optional.of(new AbortedTransaction(43, 9, 9)), 19).join();
        // the cleaner keeps an emptied marker that holds its producer's epoch
        RecordBatch emptied = KeyedBatch.withRecords(marker, List.of(), OptionalLong.empty());

        store.replaceBatches(partition, List.of(CleanedBatch.removed(6), CleanedBatch.replacedBy(emptied))).join();

        assertThat(baseOffsets(store.read(partition, 0, 10, EVERYTHING).join())).containsExactly(0L, 3L, 5L, 8L, 9L);
        assertThat(store.open(partition).abortedTransactions()).containsExactly(new AbortedTransaction(43, 9, 9));
        assertThat(reopen(store).open(partition).abortedTransactions())
                .containsExactly(new AbortedTransaction(43, 9, 9));
    }

    @Test
    void shouldKeepTheReplacementAcrossAReopen() {
        store.replaceBatches(partition, List.of(CleanedBatch.removed(3), CleanedBatch.replacedBy(batch(5, 1)))).join();

        PartitionLogStore reopened = reopen(store);

        assertThat(baseOffsets(reopened.read(partition, 0, 8, EVERYTHING).join())).containsExactly(0L, 5L, 6L);
    }

    @Test
    void shouldLeaveBatchesBelowTheLogStartOffsetGone() {
        store.deleteBefore(partition, 5).join();

        store.replaceBatches(partition, List.of(CleanedBatch.replacedBy(batch(0, 3)), CleanedBatch.replacedBy(batch(3, 2))))
                .join();

        assertThat(baseOffsets(store.read(partition, 0, 8, EVERYTHING).join())).containsExactly(5L, 6L);
        assertThat(store.batchHeaders(partition, 8).join()).extracting(BatchHeader::baseOffset).containsExactly(5L, 6L);
        assertThat(store.open(partition).logStartOffset()).isEqualTo(5);
    }

    @Test
    void shouldIgnoreABatchNoLongerStored() {
        store.replaceBatches(partition, List.of(CleanedBatch.removed(3))).join();

        store.replaceBatches(partition, List.of(CleanedBatch.replacedBy(batch(3, 2)))).join();

        assertThat(baseOffsets(store.read(partition, 0, 8, EVERYTHING).join())).containsExactly(0L, 5L, 6L);
    }

    @Test
    void shouldTakeAppendsAfterAReplacement() {
        store.replaceBatches(partition, List.of(CleanedBatch.removed(0), CleanedBatch.removed(3))).join();

        store.append(partition, List.of(batch(8, 1)), List.of()).join();

        assertThat(baseOffsets(store.read(partition, 0, 9, EVERYTHING).join())).containsExactly(5L, 6L, 8L);
        assertThat(store.open(partition).logEndOffset()).isEqualTo(9);
    }

    @Test
    void shouldChangeNothingForAPartitionNeverAppendedTo() {
        TopicIdPartition other = Topic.create(TopicName.of("empty"), 1).partition(0);

        store.replaceBatches(other, List.of(CleanedBatch.removed(0))).join();

        assertThat(store.open(other).logEndOffset()).isZero();
        assertThat(store.read(other, 0, 10, EVERYTHING).join().isEmpty()).isTrue();
    }

    private static List<Long> baseOffsets(LogSlice slice) {
        return slice.batches().stream().map(RecordBatch::baseOffset).toList();
    }

    /** {@code records} records placed at {@code baseOffset}. */
    private static RecordBatch batch(long baseOffset, int records) {
        long[] timestamps = new long[records];
        for (int i = 0; i < records; i++) {
            timestamps[i] = SampleBatches.BASE_TIMESTAMP + baseOffset + i;
        }
        RecordBatch batch = SampleBatches.withTimestamps(timestamps).build();
        batch.assignBaseOffset(baseOffset);
        return batch;
    }
}
