package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full disk, made without mounting anything: the test caps the space RocksDB's table files may take at
 * what they take now ({@code SstFileManager.setMaxAllowedSpaceUsage}), so the next flush fails and RocksDB
 * refuses writes with a background error, as when a flush or WAL write meets ENOSPC. Lifting the cap is
 * the space coming back; RocksDB then resumes by itself, checking every five seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RocksDbDiskFullTest {

    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 1);
    private static final TopicIdPartition ORDERS_0 = ORDERS.partition(0);

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;
    private PartitionLogStore store;
    private TopicCatalog catalog;
    private final List<RecordBatch> acknowledged = new ArrayList<>();

    @BeforeEach
    void openWithTwoTopics() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        store = storage.partitionLogStore();
        catalog = storage.topicCatalog();
        catalog.create(ORDERS);
    }

    @AfterEach
    void closeStorage() {
        storage.database().sstFiles().setMaxAllowedSpaceUsage(0);
        storage.close();
    }

    @Test
    void shouldRefuseAppendsOnAFullDiskAndTakeThemAgainWithoutRestartOnceSpaceReturns() throws Exception {
        // given a disk that filled up under stored data
        appendToOrders(3);
        fillTheDisk();

        // then appends fail with the storage error, and the store says it is not writable
        assertThatThrownBy(() -> store.append(ORDERS_0, List.of(nextOrdersBatch()), List.of()).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class);
        assertThat(store.checkWritable().get(10, TimeUnit.SECONDS)).isFalse();

        // when space comes back
        storage.database().sstFiles().setMaxAllowedSpaceUsage(0);

        // then, without a restart, the store becomes writable and appends are stored again
        assertThat(awaitWritable()).isTrue();
        appendToOrders(1);
        assertThat(hex(ordersAsStored())).containsExactlyElementsOf(hex(acknowledged));
        assertThat(store.open(ORDERS_0).logEndOffset()).isEqualTo(acknowledged.get(acknowledged.size() - 1).nextOffset());
    }

    /**
     * Caps the table files' space at what they take now, then flushes what is in memory: the flush takes
     * them past the cap and RocksDB stops taking writes.
     *
     * @return the space the table files took when the disk filled
     */
    private long fillTheDisk() throws RocksDBException {
        flush();
        long used = storage.database().sstFiles().getTotalSize();
        assertThat(used).isPositive();
        storage.database().sstFiles().setMaxAllowedSpaceUsage(used);
        appendToOrders(1);
        try {
            flush();
        } catch (RocksDBException e) {
            // the flush is what meets the full disk
        }
        return used;
    }

    private void flush() throws RocksDBException {
        storage.database().access(db -> {
            try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
                db.db().flush(options, db.allFamilies());
            }
            return null;
        });
    }

    private boolean awaitWritable() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (store.checkWritable().get(10, TimeUnit.SECONDS)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void appendToOrders(int batches) {
        for (int i = 0; i < batches; i++) {
            RecordBatch batch = nextOrdersBatch();
            try {
                store.append(ORDERS_0, List.of(batch), List.of()).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("append to " + ORDERS_0 + " failed", e);
            }
            acknowledged.add(batch);
        }
    }

    private RecordBatch nextOrdersBatch() {
        long offset = acknowledged.isEmpty() ? 0 : acknowledged.get(acknowledged.size() - 1).nextOffset();
        return aBatch().withBaseOffset(offset).withRecords(2).withValueSize(100).build();
    }

    private static List<String> hex(List<RecordBatch> batches) {
        return batches.stream().map(batch -> {
            byte[] bytes = new byte[batch.sizeInBytes()];
            batch.bytes().get(bytes);
            return HexFormat.of().formatHex(bytes);
        }).toList();
    }

    private List<RecordBatch> ordersAsStored() throws Exception {
        return store.read(ORDERS_0, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE))
                .get(10, TimeUnit.SECONDS).batches();
    }
}
