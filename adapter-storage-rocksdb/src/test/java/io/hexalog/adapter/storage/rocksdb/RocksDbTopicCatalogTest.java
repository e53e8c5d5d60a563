package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TopicCatalogContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RocksDbTopicCatalogTest extends TopicCatalogContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected TopicCatalog createCatalog() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.topicCatalog();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
