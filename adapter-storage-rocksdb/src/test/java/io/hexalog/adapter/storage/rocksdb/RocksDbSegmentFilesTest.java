package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The segment files under the port: where the batch bytes go, how files roll and go, and what a start finds after a
 * crash. The port's behaviour itself is the contract's ({@link RocksDbPartitionLogStoreTest}).
 */
class RocksDbSegmentFilesTest {

    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 2);
    private static final TopicIdPartition ORDERS_0 = ORDERS.partition(0);
    private static final TopicIdPartition ORDERS_1 = ORDERS.partition(1);
    /** Room for three batches of {@link #VALUE_SIZE}, not four. */
    private static final long SEGMENT_BYTES = 3 * 1_100 + 500;
    private static final int VALUE_SIZE = 1_000;

    @TempDir
    Path dataDir;
    private RocksDbStorage storage;
    private PartitionLogStore store;
    private final List<RecordBatch> appended = new ArrayList<>();

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    private void open() {
        storage = RocksDbStorage.openWithSegmentBytes(dataDir, FsyncPolicy.NEVER, SEGMENT_BYTES);
        store = storage.partitionLogStore();
        if (storage.topicCatalog().find(ORDERS.id()).isEmpty()) {
            storage.topicCatalog().create(ORDERS);
        }
        store.open(ORDERS_0);
    }

    private void reopen() {
        storage.close();
        open();
    }

    @Test
    void shouldWriteBatchesBackToBackIntoFilesNamedAfterTheirFirstOffsetRollingAtTheSegmentSize() throws Exception {
        open();

        append(ORDERS_0, 7);

        // three batches fit in a file: 0-2, 3-5, 6
        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000000.log", "00000000000000000003.log",
                "00000000000000000006.log");
        byte[] first = Files.readAllBytes(segments().resolve("00000000000000000000.log"));
        assertThat(HexFormat.of().formatHex(first)).isEqualTo(hex(appended.subList(0, 3)));
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(appended));
        assertThat(await(store.sizeInBytes(ORDERS_0))).isEqualTo(bytes(appended));
    }

    @Test
    void shouldKeepEachPartitionInItsOwnDirectory() throws Exception {
        open();
        store.open(ORDERS_1);

        append(ORDERS_0, 1);
        RecordBatch other = aBatch().withBaseOffset(0).withValueSize(10).build();
        await(store.append(ORDERS_1, List.of(other), List.of()));

        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000000.log");
        assertThat(fileNames(ORDERS_1)).containsExactly("00000000000000000000.log");
        assertThat(hex(readAll(ORDERS_1))).isEqualTo(hex(List.of(other)));
    }

    @Test
    void shouldContinueTheActiveFileAfterARestart() throws Exception {
        open();
        append(ORDERS_0, 2);

        reopen();
        append(ORDERS_0, 2);

        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000000.log", "00000000000000000003.log");
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(appended));
    }

    @Test
    void shouldCutATailNoIndexEntryNamesWhenOpenedAfterACrash() throws Exception {
        open();
        append(ORDERS_0, 2);
        Path active = segments().resolve("00000000000000000000.log");
        long written = Files.size(active);
        storage.close();
        // the bytes of an append whose RocksDB write never happened
        Files.write(active, new byte[777], StandardOpenOption.APPEND);

        open();

        assertThat(Files.size(active)).isEqualTo(written);
        assertThat(store.open(ORDERS_0).logEndOffset()).isEqualTo(2);
        append(ORDERS_0, 1);
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(appended));
    }

    @Test
    void shouldDeleteFilesNoIndexEntryNamesWhenOpened() throws Exception {
        open();
        append(ORDERS_0, 1);
        storage.close();
        Files.write(segments().resolve("00000000000000000001.log"), new byte[100]);
        Files.write(segments().resolve("00000000000000000000.4.log"), new byte[100]);
        Path stray = dataDir.resolve(PartitionSegments.ROOT).resolve(ORDERS.id().uuid() + "-7");
        Files.createDirectories(stray);
        Files.write(stray.resolve("00000000000000000000.log"), new byte[100]);

        open();

        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000000.log");
        assertThat(stray).doesNotExist();
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(appended));
    }

    @Test
    void shouldCutTheIndexBackToTheBytesItsFilesHoldWhenAPowerCutLostTheirLastPages() throws Exception {
        // given a single broker's log whose second file lost its last pages while RocksDB kept the entries naming them
        open();
        append(ORDERS_0, 5);
        storage.close();
        losePartOfTheSecondFile();

        // when it is opened
        open();

        // then the log ends before the batch whose bytes are lost, and goes on from there
        assertThat(store.open(ORDERS_0).logEndOffset()).isEqualTo(4);
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(appended.subList(0, 4)));
        assertThat(Files.size(segments().resolve("00000000000000000003.log"))).isEqualTo(appended.get(3).sizeInBytes());
        RecordBatch again = aBatch().withBaseOffset(4).withValueSize(10).build();
        await(store.append(ORDERS_0, List.of(again), List.of()));
        reopen();
        List<RecordBatch> expected = new ArrayList<>(appended.subList(0, 4));
        expected.add(again);
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(expected));
    }

    @Test
    void shouldRefuseToOpenAClusterReplicaWhoseFilesLostBatchesItsIndexNames() throws Exception {
        // given a node of a cluster (its appends carry their log index) whose second file lost its last pages
        open();
        for (int i = 0; i < 5; i++) {
            RecordBatch batch = aBatch().withBaseOffset(i).withValueSize(VALUE_SIZE).build();
            await(store.append(ORDERS_0, List.of(batch), List.of(), 100 + i));
            appended.add(batch);
        }
        storage.close();
        losePartOfTheSecondFile();

        // when it is opened, the partition refuses, saying how to restore the replica, and keeps its index
        storage = RocksDbStorage.openWithSegmentBytes(dataDir, FsyncPolicy.NEVER, SEGMENT_BYTES);
        assertThatThrownBy(() -> storage.partitionLogStore().open(ORDERS_0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batches from offset 4 on")
                .hasMessageContaining("empty its --data-dir");
        long indexed = storage.database().access(db -> {
            long count = 0;
            try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), ORDERS_0).seekToFirst()) {
                for (; scan.isValid(); scan.next()) {
                    count++;
                }
            }
            return count;
        });
        assertThat(indexed).isEqualTo(5);
    }

    /** Files 0 (batches 0-2) and 3 (batches 3-4): the second keeps batch 3 and half of batch 4. */
    private void losePartOfTheSecondFile() throws IOException {
        try (FileChannel file = FileChannel.open(segments().resolve("00000000000000000003.log"),
                StandardOpenOption.WRITE)) {
            file.truncate(appended.get(3).sizeInBytes() + appended.get(4).sizeInBytes() / 2);
        }
    }

    @Test
    void shouldDeleteTheFilesWhollyBelowTheLogStartOffsetButNotTheActiveOne() throws Exception {
        open();
        append(ORDERS_0, 7);

        // offset 4 lies in the second file: only the first goes
        await(store.deleteBefore(ORDERS_0, 4));
        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000003.log", "00000000000000000006.log");
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(appended.subList(4, 7)));

        // everything: the active file stays, for the next appends
        await(store.deleteBefore(ORDERS_0, 7));
        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000006.log");
        append(ORDERS_0, 1);
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(appended.subList(7, 8)));

        reopen();
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(appended.subList(7, 8)));
    }

    @Test
    void shouldWriteCleanedBatchesToAFileOfTheirOwnAndDeleteTheFilesTheyEmptied() throws Exception {
        open();
        append(ORDERS_0, 7);

        // the first file's batches: one replaced, two removed; one of the second file's replaced
        RecordBatch cleaned1 = aBatch().withBaseOffset(1).withValueSize(5).build();
        RecordBatch cleaned4 = aBatch().withBaseOffset(4).withValueSize(5).build();
        await(store.replaceBatches(ORDERS_0, List.of(CleanedBatch.removed(0), CleanedBatch.replacedBy(cleaned1),
                CleanedBatch.removed(2), CleanedBatch.replacedBy(cleaned4))));

        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000001.1.log", "00000000000000000003.log",
                "00000000000000000006.log");
        List<RecordBatch> expected = List.of(cleaned1, appended.get(3), cleaned4, appended.get(5), appended.get(6));
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(expected));

        reopen();
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(expected));

        // a second cleaning gets a newer generation, and empties the first cleaning's file
        await(store.replaceBatches(ORDERS_0, List.of(
                CleanedBatch.replacedBy(aBatch().withBaseOffset(1).withValueSize(1).build()),
                CleanedBatch.replacedBy(aBatch().withBaseOffset(4).withValueSize(1).build()))));
        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000001.2.log", "00000000000000000003.log",
                "00000000000000000006.log");
    }

    @Test
    void shouldMoveTheBatchesLeftInAFileACleaningLeftMostlyEmptySoThatItsSpaceComesBack() throws Exception {
        open();
        append(ORDERS_0, 7);

        // the first file keeps only batch 0 of its three: a third of its bytes
        RecordBatch cleaned1 = aBatch().withBaseOffset(1).withValueSize(5).build();
        await(store.replaceBatches(ORDERS_0, List.of(CleanedBatch.replacedBy(cleaned1), CleanedBatch.removed(2))));

        // then batch 0 moves to a file of its own and the first file goes
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fileNames(ORDERS_0).contains("00000000000000000000.log") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000000.2.log", "00000000000000000001.1.log",
                "00000000000000000003.log", "00000000000000000006.log");
        List<RecordBatch> expected = new ArrayList<>(List.of(appended.get(0), cleaned1));
        expected.addAll(appended.subList(3, 7));
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(expected));
        reopen();
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(expected));
    }

    @Test
    void shouldForceTheSegmentFilesWrittenSinceTheyWereLastForcedWhenSynced() throws Exception {
        // given appends with --fsync=never, whose bytes are in the page cache only
        open();
        append(ORDERS_0, 4);
        PartitionSegments segments = ((RocksDbPartitionLogStore) store).segmentsOf(ORDERS_0);
        List<SegmentFile> unforced = new ArrayList<>();
        segments.collectUnforced(unforced);
        assertThat(unforced).hasSize(2);

        // when the store is synced (as a replicated log does before a snapshot)
        await(store.sync());

        // then every file is forced
        unforced.clear();
        segments.collectUnforced(unforced);
        assertThat(unforced).isEmpty();
    }

    @Test
    void shouldDeleteATopicsSegmentDirectories() throws Exception {
        open();
        store.open(ORDERS_1);
        append(ORDERS_0, 4);
        await(store.append(ORDERS_1, List.of(aBatch().withBaseOffset(0).build()), List.of()));

        storage.topicCatalog().delete(ORDERS.id());
        await(store.deleteTopic(ORDERS.id()));

        assertThat(dataDir.resolve(PartitionSegments.ROOT)).isEmptyDirectory();
    }

    @Test
    void shouldMoveTheBatchesOfAnEarlierLayoutOutOfRocksDbWhenOpened() throws Exception {
        // given a database whose batches are stored in RocksDB itself
        open();
        storage.close();
        List<RecordBatch> stored = new ArrayList<>();
        Database database = Database.open(dataDir.toAbsolutePath());
        try (WriteOptions options = new WriteOptions()) {
            for (int i = 0; i < 5; i++) {
                RecordBatch batch = aBatch().withBaseOffset(i * 2L).withRecords(2).withValueSize(400).build();
                database.db().put(database.batches(), options, Keys.key(ORDERS_0, batch.baseOffset()), bytesOf(batch));
                stored.add(batch);
            }
        } finally {
            database.close();
        }

        // when it is opened
        open();

        // then they are in segment files, byte for byte, and no longer in RocksDB's old column family
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(stored));
        assertThat(store.open(ORDERS_0).logEndOffset()).isEqualTo(10);
        // four of them fit in a file
        assertThat(fileNames(ORDERS_0)).containsExactly("00000000000000000000.log", "00000000000000000008.log");
        assertThat(oldBatchesLeft()).isZero();
        RecordBatch next = aBatch().withBaseOffset(10).withValueSize(VALUE_SIZE).build();
        await(store.append(ORDERS_0, List.of(next), List.of()));

        reopen();
        List<RecordBatch> all = new ArrayList<>(stored);
        all.add(next);
        assertThat(hex(readAll(ORDERS_0))).isEqualTo(hex(all));
    }

    private long oldBatchesLeft() throws RocksDBException {
        return storage.database().access(db -> {
            long count = 0;
            try (var iterator = db.db().newIterator(db.batches())) {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    count++;
                }
            }
            return count;
        });
    }

    private void append(TopicIdPartition partition, int batches) throws Exception {
        for (int i = 0; i < batches; i++) {
            long offset = appended.isEmpty() ? 0 : appended.get(appended.size() - 1).nextOffset();
            RecordBatch batch = aBatch().withBaseOffset(offset).withValueSize(VALUE_SIZE).build();
            await(store.append(partition, List.of(batch), List.of()));
            appended.add(batch);
        }
    }

    private List<RecordBatch> readAll(TopicIdPartition partition) throws Exception {
        LogSlice slice = await(store.read(partition, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)));
        List<RecordBatch> copies = new ArrayList<>();
        for (RecordBatch batch : slice.batches()) {
            copies.add(RecordBatch.wrap(ByteBuffer.wrap(bytesOf(batch))));
        }
        slice.release();
        return copies;
    }

    private Path segments() {
        return PartitionSegments.directoryOf(dataDir.toAbsolutePath().resolve(PartitionSegments.ROOT), ORDERS_0);
    }

    private List<String> fileNames(TopicIdPartition partition) throws IOException {
        Path directory = PartitionSegments.directoryOf(dataDir.toAbsolutePath().resolve(PartitionSegments.ROOT),
                partition);
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytesOf(RecordBatch batch) {
        ByteBuffer bytes = batch.bytes();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return copy;
    }

    private static long bytes(List<RecordBatch> batches) {
        return batches.stream().mapToLong(RecordBatch::sizeInBytes).sum();
    }

    private static String hex(List<RecordBatch> batches) {
        StringBuilder hex = new StringBuilder();
        for (RecordBatch batch : batches) {
            hex.append(HexFormat.of().formatHex(bytesOf(batch)));
        }
        return hex.toString();
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }
}
