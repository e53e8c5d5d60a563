package io.hexalog.application.port.out;

import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link CleanerCheckpointStore} promises. An adapter's test extends this class and supplies a fresh,
 * empty store per test, and deletes a topic the way its storage does when the broker deletes one.
 */
public abstract class CleanerCheckpointStoreContract {

    protected static final TopicIdPartition TABLE_0 = partition("table", 0);
    protected static final TopicIdPartition TABLE_1 = new TopicIdPartition(TABLE_0.topicId(), TABLE_0.topic(), 1);

    private CleanerCheckpointStore store;

    /** The adapter under test, holding no checkpoint. Called once before each test. */
    protected abstract CleanerCheckpointStore createStore();

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
    }

    /**
     * Deletes the topic {@code topicId} as the broker does: through the storage the store belongs to (its partition
     * log store's {@code deleteTopic}), which must forget the topic's checkpoints with its logs.
     */
    protected abstract void deleteTopic(TopicId topicId);

    protected CleanerCheckpointStore store() {
        return store;
    }

    @Test
    void shouldHoldNoCheckpointOfAPartitionNeverCleaned() {
        assertThat(store.firstDirtyOffset(TABLE_0)).isEmpty();
    }

    @Test
    void shouldAnswerTheCheckpointWrittenOnceItsWriteCompletes() {
        store.checkpoint(TABLE_0, 1_000).join();

        assertThat(store.firstDirtyOffset(TABLE_0)).hasValue(1_000);
    }

    @Test
    void shouldReplaceTheCheckpointEvenWithASmallerOne() {
        store.checkpoint(TABLE_0, 1_000).join();
        store.checkpoint(TABLE_0, 2_500).join();
        assertThat(store.firstDirtyOffset(TABLE_0)).hasValue(2_500);

        store.checkpoint(TABLE_0, 0).join();

        assertThat(store.firstDirtyOffset(TABLE_0)).hasValue(0);
    }

    @Test
    void shouldKeepTheCheckpointsOfPartitionsApart() {
        TopicIdPartition recreated = new TopicIdPartition(new TopicId(UUID.randomUUID()), TABLE_0.topic(), 0);
        store.checkpoint(TABLE_0, 10).join();
        store.checkpoint(TABLE_1, 20).join();

        assertThat(store.firstDirtyOffset(TABLE_0)).hasValue(10);
        assertThat(store.firstDirtyOffset(TABLE_1)).hasValue(20);
        assertThat(store.firstDirtyOffset(recreated)).as("another incarnation of the topic's name").isEmpty();
    }

    @Test
    void shouldForgetTheCheckpointsOfADeletedTopicAndOnlyThose() {
        TopicIdPartition other = partition("other", 0);
        store.checkpoint(TABLE_0, 4_000).join();
        store.checkpoint(TABLE_1, 12).join();
        store.checkpoint(other, 7).join();

        deleteTopic(TABLE_0.topicId());

        assertThat(store.firstDirtyOffset(TABLE_0)).isEmpty();
        assertThat(store.firstDirtyOffset(TABLE_1)).isEmpty();
        assertThat(store.firstDirtyOffset(other)).hasValue(7);
    }

    @Test
    void shouldRefuseANegativeOffset() {
        assertThatThrownBy(() -> store.checkpoint(TABLE_0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.firstDirtyOffset(TABLE_0)).isEmpty();
    }

    @Test
    void shouldTakeCheckpointsOfManyPartitionsAtOnce() throws Exception {
        int partitions = 8;
        ExecutorService threads = Executors.newFixedThreadPool(partitions);
        try {
            List<CompletableFuture<Void>> written = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                TopicIdPartition partition = new TopicIdPartition(TABLE_0.topicId(), TABLE_0.topic(), p);
                long offset = 100L * p;
                written.add(CompletableFuture.supplyAsync(() -> store.checkpoint(partition, offset), threads)
                        .thenCompose(future -> future));
            }
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            for (int p = 0; p < partitions; p++) {
                TopicIdPartition partition = new TopicIdPartition(TABLE_0.topicId(), TABLE_0.topic(), p);
                assertThat(store.firstDirtyOffset(partition)).hasValue(100L * p);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    protected static TopicIdPartition partition(String topic, int partition) {
        return new TopicIdPartition(new TopicId(UUID.randomUUID()), TopicName.of(topic), partition);
    }
}
