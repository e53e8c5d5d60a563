package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogStore;
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

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real ENOSPC, on a small tmpfs mounted for the test. Mounting needs privileges a build may not have: the
 * test is skipped then, and {@link RocksDbDiskFullTest} covers the same behaviour without a mount.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RocksDbOnAFullFilesystemTest {

    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 1);
    private static final TopicIdPartition ORDERS_0 = ORDERS.partition(0);
    private static final Topic BULK = Topic.create(TopicName.of("bulk"), 1);
    private static final TopicIdPartition BULK_0 = BULK.partition(0);
    /** Room for RocksDB's preallocated WAL and for the 64 MiB it wants free before it resumes. */
    private static final String FILESYSTEM_SIZE = "256m";
    private static final int VALUE_SIZE = 256 * 1024;
    private static final int MAX_APPENDS = 2_000;

    @TempDir
    Path mountPoint;
    private boolean mounted;
    private RocksDbStorage storage;

    @BeforeEach
    void mountASmallFilesystem() throws Exception {
        mounted = run("mount", "-t", "tmpfs", "-o", "size=" + FILESYSTEM_SIZE, "tmpfs", mountPoint.toString());
        assumeTrue(mounted, "mounting a tmpfs is not permitted here");
    }

    @AfterEach
    void unmount() throws Exception {
        if (storage != null) {
            storage.close();
        }
        if (mounted) {
            run("umount", mountPoint.toString());
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedBatchWhenTheFilesystemFillsAndTakeAppendsAgainOnceSpaceIsFreed() throws Exception {
        // given a store whose filesystem is nearly full
        storage = RocksDbStorage.open(mountPoint.resolve("data"), FsyncPolicy.NEVER);
        storage.topicCatalog().create(ORDERS);
        PartitionLogStore store = storage.partitionLogStore();
        Path filler = mountPoint.resolve("filler");
        fill(filler);

        // when appends go on until the disk refuses one
        List<RecordBatch> acknowledged = new ArrayList<>();
        boolean refused = false;
        for (int i = 0; i < MAX_APPENDS && !refused; i++) {
            RecordBatch batch = aBatch().withBaseOffset(i).withRecords(1).withValueSize(VALUE_SIZE).build();
            try {
                store.append(ORDERS_0, List.of(batch), List.of()).get(30, TimeUnit.SECONDS);
                acknowledged.add(batch);
            } catch (ExecutionException e) {
                refused = true;
            }
        }

        // then one was refused, the store says so, and every acknowledged batch is readable
        assertThat(refused).isTrue();
        assertThat(store.checkWritable().get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(readAll(store)).hasSize(acknowledged.size());

        // when space is freed
        Files.delete(filler);

        // then RocksDB resumes by itself and appends are stored again, after the acknowledged ones
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!store.checkWritable().get(10, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(store.checkWritable().get(10, TimeUnit.SECONDS)).isTrue();
        RecordBatch next = aBatch().withBaseOffset(acknowledged.size()).withRecords(1).withValueSize(100).build();
        store.append(ORDERS_0, List.of(next), List.of()).get(10, TimeUnit.SECONDS);
        assertThat(readAll(store)).hasSize(acknowledged.size() + 1);
        assertThat(store.open(ORDERS_0).logEndOffset()).isEqualTo(acknowledged.size() + 1);
    }

    @Test
    void shouldTakeAppendsAgainOnceATopicWhoseSegmentFilesFilledTheDiskIsDeleted() throws Exception {
        // given a topic whose appends filled the filesystem
        storage = RocksDbStorage.open(mountPoint.resolve("data"), FsyncPolicy.NEVER);
        storage.topicCatalog().create(ORDERS);
        storage.topicCatalog().create(BULK);
        PartitionLogStore store = storage.partitionLogStore();
        RecordBatch order = aBatch().withBaseOffset(0).withRecords(1).withValueSize(100).build();
        store.append(ORDERS_0, List.of(order), List.of()).get(10, TimeUnit.SECONDS);
        boolean refused = false;
        long offset = 0;
        for (int i = 0; i < MAX_APPENDS && !refused; i++) {
            RecordBatch batch = aBatch().withBaseOffset(offset).withRecords(1).withValueSize(VALUE_SIZE).build();
            try {
                store.append(BULK_0, List.of(batch), List.of()).get(30, TimeUnit.SECONDS);
                offset = batch.nextOffset();
            } catch (ExecutionException e) {
                refused = true;
            }
        }
        assertThat(refused).isTrue();
        assertThat(store.checkWritable().get(10, TimeUnit.SECONDS)).isFalse();

        // when the topic is deleted
        assertThat(storage.topicCatalog().delete(BULK.id())).isTrue();
        store.deleteTopic(BULK.id()).get(10, TimeUnit.SECONDS);

        // then its files are gone, the store takes appends again, and what was stored before is still there
        assertThat(store.checkWritable().get(10, TimeUnit.SECONDS)).isTrue();
        RecordBatch next = aBatch().withBaseOffset(1).withRecords(1).withValueSize(100).build();
        store.append(ORDERS_0, List.of(next), List.of()).get(10, TimeUnit.SECONDS);
        assertThat(readAll(store)).hasSize(2);
    }

    private static void fill(Path filler) {
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // the filesystem is full
        }
    }

    private static List<RecordBatch> readAll(PartitionLogStore store) throws Exception {
        return store.read(ORDERS_0, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE))
                .get(10, TimeUnit.SECONDS).batches();
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
