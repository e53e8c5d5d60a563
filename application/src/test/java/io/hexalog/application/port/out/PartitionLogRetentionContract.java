package io.hexalog.application.port.out;

import io.hexalog.application.service.SampleBatches;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The part of the {@link PartitionLogStore} contract that moves the log start offset: {@code batchHeaders}
 * and {@code deleteBefore}, as their Javadoc states it. Every adapter runs it by extending this class and
 * saying how to make a store.
 */
public abstract class PartitionLogRetentionContract {

    private static final long T0 = 1_700_000_000_000L;

    private PartitionLogStore store;
    private final Topic topic = Topic.create(TopicName.of("retained"), 2);
    private final TopicIdPartition partition = topic.partition(0);

    /** A store holding nothing. */
    protected abstract PartitionLogStore createStore();

    /** The same stored data seen through a store opened afresh; adapters that keep nothing return the same store. */
    protected PartitionLogStore reopen(PartitionLogStore store) {
        return store;
    }

    /** Given batches [0,3) [3,5) [5,6) of 3, 2 and 1 records, with max timestamps T0, T0+10 and T0+20. */
    @BeforeEach
    void threeBatches() {
        store = createStore();
        store.append(partition, List.of(batch(0, 3, T0), batch(3, 2, T0 + 10), batch(5, 1, T0 + 20)), List.of()).join();
    }

    @Test
    void shouldListTheHeadersOfStoredBatchesInOffsetOrder() {
        List<BatchHeader> headers = store.batchHeaders(partition, 6).join();

        assertThat(headers).extracting(BatchHeader::baseOffset).containsExactly(0L, 3L, 5L);
        assertThat(headers).extracting(BatchHeader::nextOffset).containsExactly(3L, 5L, 6L);
        assertThat(headers).extracting(BatchHeader::maxTimestamp).containsExactly(T0 + 2, T0 + 11, T0 + 20);
        assertThat(headers).extracting(BatchHeader::sizeInBytes)
                .containsExactly(batch(0, 3, T0).sizeInBytes(), batch(3, 2, T0).sizeInBytes(), batch(5, 1, T0).sizeInBytes());
    }

    @Test
    void shouldListOnlyHeadersOfBatchesStartingBelowMaxOffset() {
        assertThat(store.batchHeaders(partition, 5).join()).extracting(BatchHeader::baseOffset).containsExactly(0L, 3L);
        assertThat(store.batchHeaders(partition, 0).join()).isEmpty();
    }

    @Test
    void shouldListNoHeadersForAPartitionNeverAppendedTo() {
        assertThat(store.batchHeaders(topic.partition(1), Long.MAX_VALUE).join()).isEmpty();
    }

    @Test
    void shouldRemoveBatchesWhollyBelowTheNewLogStartOffset() {
        store.deleteBefore(partition, 5).join();

        assertThat(baseOffsets(store.read(partition, 0, 6, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)).join())).containsExactly(5L);
        assertThat(store.batchHeaders(partition, 6).join()).extracting(BatchHeader::baseOffset).containsExactly(5L);
        assertThat(store.findFirstBatchWithTimestampAtLeast(partition, 0, 6).join())
                .get().extracting(RecordBatch::baseOffset).isEqualTo(5L);
    }

    @Test
    void shouldKeepTheBatchHoldingTheNewLogStartOffsetWhole() {
        store.deleteBefore(partition, 4).join();

        assertThat(baseOffsets(store.read(partition, 4, 6, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)).join())).containsExactly(3L, 5L);
        assertThat(store.batchHeaders(partition, 6).join()).extracting(BatchHeader::baseOffset).containsExactly(3L, 5L);
    }

    @Test
    void shouldOpenWithTheNewLogStartOffsetEvenInsideABatch() {
        store.deleteBefore(partition, 4).join();

        StoredLogState state = reopen(store).open(partition);

        assertThat(state.logStartOffset()).isEqualTo(4);
        assertThat(state.logEndOffset()).isEqualTo(6);
    }

    @Test
    void shouldKeepTheLogEndOffsetWhenEveryBatchIsDeleted() {
        store.deleteBefore(partition, 6).join();
        PartitionLogStore reopened = reopen(store);

        assertThat(reopened.open(partition).logStartOffset()).isEqualTo(6);
        assertThat(reopened.open(partition).logEndOffset()).isEqualTo(6);
        assertThat(reopened.batchHeaders(partition, Long.MAX_VALUE).join()).isEmpty();
        assertThat(reopened.read(partition, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)).join().isEmpty()).isTrue();
    }

    @Test
    void shouldContinueAppendingAfterEveryBatchIsDeleted() {
        store.deleteBefore(partition, 6).join();

        store.append(partition, List.of(batch(6, 2, T0 + 30)), List.of()).join();

        assertThat(store.open(partition).logStartOffset()).isEqualTo(6);
        assertThat(store.open(partition).logEndOffset()).isEqualTo(8);
        assertThat(baseOffsets(store.read(partition, 6, 8, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)).join())).containsExactly(6L);
    }

    @Test
    void shouldIgnoreALogStartOffsetThatIsNotAnAdvance() {
        store.deleteBefore(partition, 5).join();

        store.deleteBefore(partition, 2).join();
        store.deleteBefore(partition, 5).join();

        PartitionLogStore reopened = reopen(store);

        assertThat(reopened.open(partition).logStartOffset()).isEqualTo(5);
        assertThat(reopened.batchHeaders(partition, 6).join()).extracting(BatchHeader::baseOffset).containsExactly(5L);
    }

    @Test
    void shouldLeaveOtherPartitionsAlone() {
        TopicIdPartition other = topic.partition(1);
        store.append(other, List.of(batch(0, 3, T0)), List.of()).join();

        store.deleteBefore(partition, 6).join();

        assertThat(store.open(other).logStartOffset()).isZero();
        assertThat(store.batchHeaders(other, 3).join()).hasSize(1);
    }

    @Test
    void shouldForgetTheLogStartOffsetWithTheTopic() {
        store.deleteBefore(partition, 5).join();

        store.deleteTopic(topic.id()).join();

        assertThat(store.open(partition).logStartOffset()).isZero();
        assertThat(store.open(partition).logEndOffset()).isZero();
    }

    private static List<Long> baseOffsets(LogSlice slice) {
        return slice.batches().stream().map(RecordBatch::baseOffset).toList();
    }

    /** {@code records} records one millisecond apart from {@code firstTimestamp}, placed at {@code baseOffset}. */
    private static RecordBatch batch(long baseOffset, int records, long firstTimestamp) {
        long[] timestamps = new long[records];
        for (int i = 0; i < records; i++) {
            timestamps[i] = firstTimestamp + i;
        }
        RecordBatch batch = SampleBatches.withTimestamps(timestamps).build();
        batch.assignBaseOffset(baseOffset);
        return batch;
    }
}
