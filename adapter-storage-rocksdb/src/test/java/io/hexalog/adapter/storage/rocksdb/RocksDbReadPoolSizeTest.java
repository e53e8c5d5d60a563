package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadBufferUsage;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read pool holds what it is given ({@code log.rocksdb.read.pool.bytes}) in whole buffers, and says how full it is. */
class RocksDbReadPoolSizeTest {

    private static final TopicIdPartition PARTITION = new TopicIdPartition(TopicId.random(), TopicName.of("orders"), 0);
    private static final int BUFFER = RocksDbStorage.READ_BUFFER_BYTES;

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;
    private long nextOffset;

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void shouldAllocateNoMoreBuffersThanItsSizeHoldsAndReadTheRestToTheHeap() {
        // given a pool of two buffers and a bit, and a log of about three buffers' worth of batches
        open(2L * BUFFER + 1000);
        for (int i = 0; i < 12; i++) {
            append(1_000_000);
        }

        // when it is all read
        LogSlice slice = readAll();

        // then two buffers are filled, no more, and what did not fit went to the heap
        ReadBufferUsage usage = storage.partitionLogStore().readBufferUsage();
        assertThat(usage.capacityBytes()).isEqualTo(2L * BUFFER);
        assertThat(usage.buffers()).isEqualTo(2);
        assertThat(usage.buffersInUse()).isEqualTo(2);
        assertThat(usage.bytesInUse()).isPositive().isLessThanOrEqualTo(2L * BUFFER);
        long direct = slice.batches().stream().filter(batch -> batch.bytes().isDirect()).count();
        assertThat(direct).isBetween(4L, 8L);
        // batches lying back to back are read together, as much of them as a buffer holds: one fallback for each such run
        assertThat(usage.heapFallbacks()).isPositive().isLessThanOrEqualTo(12 - direct);
        assertThat(usage.bytesInUse()).isEqualTo(slice.batches().stream().filter(batch -> batch.bytes().isDirect())
                .mapToLong(RecordBatch::sizeInBytes).sum());

        // and once released, both buffers are idle, kept for the next reads
        slice.release();
        ReadBufferUsage released = storage.partitionLogStore().readBufferUsage();
        assertThat(released.buffers()).isEqualTo(2);
        assertThat(released.buffersInUse()).isZero();
        assertThat(released.bytesInUse()).isZero();
    }

    @Test
    void shouldReadEveryBatchToTheHeapWithoutAPool() {
        open(0);
        RecordBatch appended = append(10_000);

        LogSlice slice = readAll();

        assertThat(slice.batches()).singleElement().satisfies(batch -> {
            assertThat(batch.bytes().isDirect()).isFalse();
            assertThat(batch.bytes()).isEqualTo(appended.bytes());
        });
        assertThat(storage.partitionLogStore().readBufferUsage())
                .isEqualTo(new ReadBufferUsage(0, 0, 0, 0, 1));
        slice.release();
    }

    @Test
    void shouldHaveSixtyFourMebibytesOfBuffersByDefault() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);

        assertThat(storage.partitionLogStore().readBufferUsage()).isEqualTo(new ReadBufferUsage(64L << 20, 0, 0, 0, 0));
    }

    @Test
    void shouldRefuseAPoolSmallerThanOneBufferOrNegative() {
        assertThatThrownBy(() -> RocksDbStorage.open(dataDir, FsyncPolicy.NEVER, BUFFER - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the RocksDB read pool must be 0 bytes (no pool: reads copy batches to the heap) or at least "
                        + BUFFER + " bytes (one read buffer), was " + (BUFFER - 1));
        assertThatThrownBy(() -> RocksDbStorage.open(dataDir, FsyncPolicy.NEVER, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void open(long readPoolBytes) {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER, readPoolBytes);
        storage.partitionLogStore().open(PARTITION);
    }

    private RecordBatch append(int valueSize) {
        RecordBatch batch = aBatch().withValueSize(valueSize).withBaseOffset(nextOffset).build();
        storage.partitionLogStore().append(PARTITION, List.of(batch), List.of()).join();
        nextOffset = batch.nextOffset();
        return batch;
    }

    private LogSlice readAll() {
        return storage.partitionLogStore().read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE))
                .join();
    }
}
