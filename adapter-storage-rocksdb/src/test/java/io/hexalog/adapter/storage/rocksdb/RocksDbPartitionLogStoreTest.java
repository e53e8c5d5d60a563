package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogStoreContract;
import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

class RocksDbPartitionLogStoreTest extends PartitionLogStoreContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected PartitionLogStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.partitionLogStore();
    }

    @Test
    void shouldNameTheDataDirectoryAsTheLogDirectoryWithItsVolumesRoom() {
        LogDirectory directory = store().logDirectory();

        assertThat(directory.path()).isEqualTo(dataDir.toAbsolutePath().toString());
        assertThat(directory.totalBytes()).isPositive();
        assertThat(directory.usableBytes()).isPositive().isLessThanOrEqualTo(directory.totalBytes());
    }

    @Test
    void shouldReportThePartitionSizeAsTheBytesOfItsSegmentFilesAtOnce() throws Exception {
        RecordBatch batch = appendBatch(PARTITION, aBatch().withValueSize(10_000));
        RecordBatch next = appendBatch(PARTITION, aBatch().withBaseOffset(1).withValueSize(100));

        assertThat(await(store().sizeInBytes(PARTITION))).isEqualTo(batch.sizeInBytes() + next.sizeInBytes());
    }

    @Test
    void shouldReadBatchesIntoPooledDirectMemoryHeldUntilReleased() {
        RecordBatch appended = appendBatch(PARTITION, aBatch().withValueSize(10_000));
        LogSlice slice = readEverything(PARTITION, 0);

        assertThat(slice.batches().get(0).bytes().isDirect()).isTrue();
        assertThat(hex(slice.batches())).containsExactly(hex(appended));
        assertThat(storage.readBuffers().bytesLent()).isEqualTo(appended.sizeInBytes());
        slice.release();
        assertThat(storage.readBuffers().bytesLent()).isZero();
        assertThat(storage.readBuffers().chunksIdle()).isEqualTo(storage.readBuffers().chunksAllocated()).isPositive();
    }

    @Test
    void shouldLendFromSeveralChunksAndTakeThemAllBackOnceReleased() {
        List<RecordBatch> appended = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            appended.add(appendBatch(PARTITION, aBatch().withRecords(3).withValueSize(100_000)));
        }

        // about 6 MB each: more than one 4 MiB chunk holds
        LogSlice first = readEverything(PARTITION, 0);
        LogSlice second = readEverything(PARTITION, 0);

        assertThat(hex(first.batches())).containsExactlyElementsOf(hex(appended));
        assertThat(hex(second.batches())).containsExactlyElementsOf(hex(appended));
        assertThat(storage.readBuffers().chunksAllocated()).isGreaterThanOrEqualTo(3);
        assertThat(storage.readBuffers().heapFallbacks()).isZero();
        first.release();
        second.release();
        assertThat(storage.readBuffers().bytesLent()).isZero();
        assertThat(storage.readBuffers().chunksIdle()).isEqualTo(storage.readBuffers().chunksAllocated());
    }

    @Test
    void shouldCopyNoBatchBeyondTheReadLimit() {
        appendBatch(PARTITION, aBatch().withValueSize(10_000));
        RecordBatch second = appendBatch(PARTITION, aBatch().withValueSize(10_000));
        appendBatch(PARTITION, aBatch().withValueSize(10_000));

        LogSlice slice = await(store().read(PARTITION, 0, Long.MAX_VALUE, ReadLimit.strict(2 * second.sizeInBytes())));

        assertThat(slice.batches()).hasSize(2);
        assertThat(storage.readBuffers().bytesLent()).isEqualTo(slice.sizeInBytes());
        slice.release();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
