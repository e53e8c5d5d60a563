package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogStoreContract;
import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.domain.log.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.FlushOptions;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
    void shouldEstimateThePartitionSizeFromTheTableFilesOnceFlushed() throws Exception {
        RecordBatch batch = appendBatch(PARTITION, aBatch().withValueSize(10_000));
        appendBatches(PARTITION, 1, 1);
        storage.database().access(db -> {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.db().flush(flush, db.batches());
            }
            return null;
        });

        assertThat(await(store().sizeInBytes(PARTITION))).isGreaterThanOrEqualTo(batch.sizeInBytes());
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
