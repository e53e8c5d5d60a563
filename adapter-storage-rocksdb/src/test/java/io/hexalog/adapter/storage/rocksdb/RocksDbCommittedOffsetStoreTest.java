package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.CommittedOffsetStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksDbCommittedOffsetStoreTest extends CommittedOffsetStoreContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected CommittedOffsetStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.committedOffsetStore();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
