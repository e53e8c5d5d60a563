package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/** When the read pool has no room, or a batch is larger than a chunk, reads go to the heap and stay correct. */
class RocksDbReadBuffersExhaustedTest {

    private static final TopicIdPartition PARTITION = new TopicIdPartition(TopicId.random(), TopicName.of("orders"), 0);
    private static final int CHUNK_BYTES = 64 * 1024;

    @TempDir
    Path dataDir;
    private final ReadBufferPool pool = new ReadBufferPool(CHUNK_BYTES, 1);
    private RocksDbStorage storage;
    private long nextOffset;

    @BeforeEach
    void open() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER, pool);
        storage.partitionLogStore().open(PARTITION);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void shouldReadToTheHeapWhatNoChunkHasRoomFor() {
        RecordBatch first = append(40_000);
        RecordBatch second = append(40_000);

        LogSlice slice = readAll();

        assertThat(slice.batches()).extracting(batch -> batch.bytes().isDirect()).containsExactly(true, false);
        assertThat(slice.batches()).extracting(RocksDbReadBuffersExhaustedTest::bytes)
                .containsExactly(bytes(first), bytes(second));
        assertThat(pool.heapFallbacks()).isEqualTo(1);
        slice.release();
        assertThat(pool.bytesLent()).isZero();
    }

    @Test
    void shouldReadABatchLargerThanAChunkToTheHeap() {
        RecordBatch large = append(100_000);

        LogSlice slice = readAll();

        assertThat(slice.batches().get(0).bytes().isDirect()).isFalse();
        assertThat(bytes(slice.batches().get(0))).isEqualTo(bytes(large));
        assertThat(pool.heapFallbacks()).isEqualTo(1);
        assertThat(pool.chunksAllocated()).isZero();
        slice.release();
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

    private static String bytes(RecordBatch batch) {
        ByteBuffer bytes = batch.bytes();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return java.util.HexFormat.of().formatHex(copy);
    }
}
