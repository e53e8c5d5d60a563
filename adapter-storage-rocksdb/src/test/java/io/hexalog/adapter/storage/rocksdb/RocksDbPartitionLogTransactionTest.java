package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.PartitionLogTransactionContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The transaction contract on RocksDB, where every check reads the store back after closing and reopening it
 * (with its topic in the catalog: reopening deletes the logs of unknown topics).
 */
class RocksDbPartitionLogTransactionTest extends PartitionLogTransactionContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected PartitionLogStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        storage.topicCatalog().create(TOPIC);
        return storage.partitionLogStore();
    }

    @Override
    protected PartitionLogStore reopen(PartitionLogStore current) {
        storage.close();
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.partitionLogStore();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
