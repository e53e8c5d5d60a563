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
    private static final Topic BULK = Topic.create(TopicName.of("bulk"), 1);
    private static final TopicIdPartition ORDERS_0 = ORDERS.partition(0);
    private static final TopicIdPartition BULK_0 = BULK.partition(0);
    private static final int BULK_BATCHES = 16;
    private static final int BULK_VALUE_SIZE = 256 * 1024;

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;
    private PartitionLogStore store;
    private TopicCatalog catalog;
    private final List<RecordBatch> acknowledged = new ArrayList<>();
    /** Watches the table files' size for {@link #roomReturnsWhenTableFilesShrinkBelow}; stopped before closing. */
    private Thread disk;

    @BeforeEach
    void openWithTwoTopics() {
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        store = storage.partitionLogStore();
        catalog = storage.topicCatalog();
        catalog.create(ORDERS);
        catalog.create(BULK);
    }

    @AfterEach
    void closeStorage() throws InterruptedException {
        if (disk != null) {
            disk.interrupt();
            disk.join();
        }
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

    @Test
    void shouldDeleteATopicOnAFullDiskByDroppingItsFilesSoThatAppendsResume() throws Exception {
        // given a full disk, most of it taken by one topic's table files, and room again once they go
        appendToBulk();
        flushAndCompactDown(BULK);
        appendToOrders(2);
        long beforeDelete = fillTheDisk();
        assertThatThrownBy(() -> store.append(ORDERS_0, List.of(nextOrdersBatch()), List.of()).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class);
        roomReturnsWhenTableFilesShrinkBelow(beforeDelete / 2);

        // when the big topic is deleted
        boolean deleted = catalog.delete(BULK.id());
        store.deleteTopic(BULK.id()).get(10, TimeUnit.SECONDS);

        // then the deletion went through, its files are gone, and appends to the other topic are stored again
        assertThat(deleted).isTrue();
        disk.join();
        assertThat(storage.database().sstFiles().getTotalSize()).isLessThan(beforeDelete / 2);
        assertThat(catalog.find(BULK.name())).isEmpty();
        assertThat(store.open(BULK_0).logEndOffset()).isZero();
        appendToOrders(1);
        assertThat(hex(ordersAsStored())).containsExactlyElementsOf(hex(acknowledged));

        // and the deletion is durable
        storage.close();
        storage = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
        assertThat(storage.topicCatalog().list()).extracting(Topic::name).containsExactly(ORDERS.name());
        assertThat(storage.partitionLogStore().open(ORDERS_0).logEndOffset())
                .isEqualTo(acknowledged.get(acknowledged.size() - 1).nextOffset());
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

    /** Lifts the cap once the table files take less than {@code bytes}: a disk of that size with room again. */
    private void roomReturnsWhenTableFilesShrinkBelow(long bytes) {
        disk = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (storage.database().sstFiles().getTotalSize() >= bytes && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
            storage.database().sstFiles().setMaxAllowedSpaceUsage(0);
        }, "full-disk");
        disk.setDaemon(true);
        disk.start();
    }

    /**
     * Flushes, then compacts the topic's range out of level 0, where RocksDB's own compactions move older
     * data: only files below level 0 can be dropped whole, level 0's overlap.
     */
    private void flushAndCompactDown(Topic topic) throws RocksDBException {
        flush();
        storage.database().access(db -> {
            db.db().compactRange(db.batches(), Keys.topicStart(topic.id()), Keys.topicEnd(topic.id()));
            return null;
        });
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

    private void appendToBulk() throws Exception {
        long offset = 0;
        for (int i = 0; i < BULK_BATCHES; i++) {
            RecordBatch batch = aBatch().withBaseOffset(offset).withRecords(1).withValueSize(BULK_VALUE_SIZE).build();
            store.append(BULK_0, List.of(batch), List.of()).get(10, TimeUnit.SECONDS);
            offset = batch.nextOffset();
        }
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
