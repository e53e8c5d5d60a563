package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogRetentionContract;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

class RocksDbPartitionLogRetentionTest extends PartitionLogRetentionContract {

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;

    @Override
    protected PartitionLogStore createStore() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        return storage.partitionLogStore();
    }

    /**
     * Closes the storage and opens the same directory again, so that only what was written is seen. The
     * broker has a topic in the catalog before it writes the topic's logs, and opening deletes the logs of
     * topics the catalog lacks; so the stored topics are catalogued first, as the broker would have.
     */
    @Override
    protected PartitionLogStore reopen(PartitionLogStore store) {
        catalogueStoredTopics();
        storage.close();
        return createStore();
    }

    private void catalogueStoredTopics() {
        try {
            for (TopicId id : ((RocksDbPartitionLogStore) storage.partitionLogStore()).storedTopicIds()) {
                if (storage.topicCatalog().find(id).isEmpty()) {
                    storage.topicCatalog().create(new Topic(TopicName.of("t-" + id.uuid()), id, 1, Map.of()));
                }
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldKeepTheGreatestLogStartOffsetWhenDeletionsOvertakeEachOther() {
        Topic topic = Topic.create(TopicName.of("overtaken"), 1);
        TopicIdPartition partition = topic.partition(0);
        PartitionLogStore store = storage.partitionLogStore();
        storage.topicCatalog().create(topic);
        for (long offset = 0; offset < 40; offset += 4) {
            store.append(partition, List.of(aBatch().withBaseOffset(offset).withRecords(4).build()), List.of()).join();
        }

        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        for (long offset : new long[]{9, 30, 2, 17, 30, 25, 1}) {
            deletions.add(store.deleteBefore(partition, offset));
        }
        CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).join();

        assertThat(store.open(partition).logStartOffset()).isEqualTo(30);
        assertThat(store.batchHeaders(partition, 40).join()).extracting(BatchHeader::baseOffset)
                .containsExactly(28L, 32L, 36L);
        assertThat(reopen(store).open(partition).logStartOffset()).isEqualTo(30);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
