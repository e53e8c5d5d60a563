package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.ProducerIdBlockStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksDbProducerIdBlockStoreTest extends ProducerIdBlockStoreContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected ProducerIdBlockStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.producerIdBlockStore();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
