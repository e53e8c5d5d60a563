package io.hexalog.application.fake;

import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryPartitionLogStoreFakeTest {

    private final InMemoryPartitionLogStoreFake store = new InMemoryPartitionLogStoreFake();
    private final TopicIdPartition partition = Topic.create(TopicName.of("orders"), 1).partition(0);

    @Test
    void shouldOpenAnUnknownPartitionEmptyAtZero() {
        assertThat(store.open(partition).logEndOffset()).isZero();
    }

    @Test
    void shouldReopenWithTheStoredRange() {
        store.append(partition, List.of(batch(0, 3, 10), batch(3, 2, 20)), List.of()).join();

        assertThat(store.open(partition).logStartOffset()).isZero();
        assertThat(store.open(partition).logEndOffset()).isEqualTo(5);
    }

    @Test
    void shouldReadFromTheBatchHoldingTheOffsetUpToTheLimits() {
        store.append(partition, List.of(batch(0, 3, 10), batch(3, 2, 20), batch(5, 1, 30)), List.of()).join();
        int size = batch(0, 3, 10).sizeInBytes();

        assertThat(offsets(store.read(partition, 1, 6, ReadLimit.strict(1 << 20)))).containsExactly(0L, 3L, 5L);
        assertThat(offsets(store.read(partition, 3, 5, ReadLimit.strict(1 << 20)))).containsExactly(3L);
        assertThat(offsets(store.read(partition, 0, 6, ReadLimit.strict(size)))).containsExactly(0L);
        assertThat(offsets(store.read(partition, 0, 6, ReadLimit.strict(1)))).isEmpty();
        assertThat(offsets(store.read(partition, 0, 6, ReadLimit.atLeastOneBatch(1)))).containsExactly(0L);
    }

    @Test
    void shouldFindBatchesByTimestamp() {
        store.append(partition, List.of(batch(0, 1, 10), batch(1, 1, 30), batch(2, 1, 30)), List.of()).join();

        assertThat(store.findFirstBatchWithTimestampAtLeast(partition, 20, 3).join()).get()
                .extracting(RecordBatch::baseOffset).isEqualTo(1L);
        assertThat(store.findFirstBatchWithTimestampAtLeast(partition, 31, 3).join()).isEmpty();
        assertThat(store.findBatchWithMaxTimestamp(partition, 3).join()).get()
                .extracting(RecordBatch::baseOffset).isEqualTo(1L);
        assertThat(store.findBatchWithMaxTimestamp(partition, 1).join()).get()
                .extracting(RecordBatch::baseOffset).isEqualTo(0L);
    }

    @Test
    void shouldHoldAppendsUntilReleased() {
        store.holdAppends();
        CompletableFuture<Void> append = store.append(partition, List.of(batch(0, 1, 10)), List.of());

        assertThat(append).isNotDone();
        assertThat(store.stored(partition)).isEmpty();

        store.releaseHeldAppends();
        assertThat(append).isCompleted();
        assertThat(store.stored(partition)).hasSize(1);
    }

    @Test
    void shouldFailAppendsWithAStorageErrorAndStoreNothing() {
        store.failAppends();

        assertThat(store.append(partition, List.of(batch(0, 1, 10)), List.of()))
                .failsWithin(Duration.ZERO).withThrowableThat().withCauseInstanceOf(KafkaStorageException.class);
        assertThat(store.stored(partition)).isEmpty();
    }

    @Test
    void shouldNotLetCallersAlterStoredBytes() {
        RecordBatch batch = batch(0, 1, 10);
        store.append(partition, List.of(batch), List.of()).join();

        batch.assignBaseOffset(99);

        assertThat(store.stored(partition).get(0).baseOffset()).isZero();
    }

    private static List<Long> offsets(CompletableFuture<LogSlice> slice) {
        return slice.join().batches().stream().map(RecordBatch::baseOffset).toList();
    }

    /** A header-only batch shape is enough here: the store never looks inside records. */
    private static RecordBatch batch(long baseOffset, int records, long maxTimestamp) {
        ByteBuffer bytes = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        bytes.putLong(0, baseOffset);
        bytes.putInt(8, RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD);
        bytes.put(16, RecordBatch.MAGIC_V2);
        bytes.putInt(23, records - 1);
        bytes.putLong(35, maxTimestamp);
        bytes.putInt(57, records);
        return RecordBatch.wrap(bytes);
    }
}
