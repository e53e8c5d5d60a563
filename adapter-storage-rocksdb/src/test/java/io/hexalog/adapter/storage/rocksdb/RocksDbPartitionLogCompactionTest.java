package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogCompactionContract;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

import java.nio.file.Path;
import java.util.Map;

/**
 * The compaction contract on RocksDB, where reopening closes the storage and opens the same directory again (with the
 * stored topics in the catalog: reopening deletes the logs of unknown topics).
 */
class RocksDbPartitionLogCompactionTest extends PartitionLogCompactionContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected PartitionLogStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.partitionLogStore();
    }

    @Override
    protected PartitionLogStore reopen(PartitionLogStore store) {
        try {
            for (TopicId id : ((RocksDbPartitionLogStore) storage.partitionLogStore()).storedTopicIds()) {
                if (storage.topicCatalog().find(id).isEmpty()) {
                    storage.topicCatalog().create(new Topic(TopicName.of("t-" + id.uuid()), id, 1, Map.of()));
                }
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
        storage.close();
        return createStore();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
