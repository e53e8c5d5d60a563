package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.CleanerCheckpointStoreContract;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RocksDbCleanerCheckpointStoreTest extends CleanerCheckpointStoreContract {

    private static final Topic TABLE = new Topic(TopicName.of("table"), TopicId.random(), 2,
            Map.of("cleanup.policy", "compact"));

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected CleanerCheckpointStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.cleanerCheckpointStore();
    }

    @Override
    protected void deleteTopic(TopicId topicId) {
        storage.partitionLogStore().deleteTopic(topicId).join();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    @Test
    void shouldKeepTheCheckpointsOfItsTopicsAcrossARestart() {
        storage.topicCatalog().create(TABLE);
        store().checkpoint(TABLE.partition(0), 4_000).join();
        store().checkpoint(TABLE.partition(1), 12).join();

        CleanerCheckpointStore reopened = reopen();

        assertThat(reopened.firstDirtyOffset(TABLE.partition(0))).hasValue(4_000);
        assertThat(reopened.firstDirtyOffset(TABLE.partition(1))).hasValue(12);
    }

    @Test
    void shouldForgetTheCheckpointsOfADeletedTopicAcrossARestart() {
        storage.topicCatalog().create(TABLE);
        Topic other = new Topic(TopicName.of("other"), TopicId.random(), 1, Map.of());
        storage.topicCatalog().create(other);
        store().checkpoint(TABLE.partition(0), 4_000).join();
        store().checkpoint(other.partition(0), 7).join();

        storage.topicCatalog().delete(TABLE.id());
        storage.partitionLogStore().deleteTopic(TABLE.id()).join();

        assertThat(store().firstDirtyOffset(TABLE.partition(0))).isEmpty();
        assertThat(store().firstDirtyOffset(other.partition(0))).hasValue(7);
        assertThat(reopen().firstDirtyOffset(other.partition(0))).hasValue(7);
    }

    @Test
    void shouldDropTheCheckpointsOfATopicTheCatalogNoLongerHoldsWhenOpened() {
        TopicIdPartition orphan = partition("gone", 0);
        store().checkpoint(orphan, 99).join();

        assertThat(reopen().firstDirtyOffset(orphan)).isEmpty();
    }

    private CleanerCheckpointStore reopen() {
        storage.close();
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.cleanerCheckpointStore();
    }
}
