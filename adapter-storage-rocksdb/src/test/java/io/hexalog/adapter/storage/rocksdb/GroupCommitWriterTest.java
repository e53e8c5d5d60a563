package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.error.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitWriterTest {

    @TempDir
    Path dataDir;
    private Database database;
    private GroupCommitWriter writer;

    @BeforeEach
    void openDatabase() throws RocksDBException {
        database = Database.open(dataDir);
        writer = new GroupCommitWriter(database, FsyncPolicy.ALWAYS, "test-writer");
    }

    @AfterEach
    void closeDatabase() throws RocksDBException {
        writer.close();
        database.close();
    }

    @Test
    void shouldWriteEverythingQueuedDuringAWriteAsOneGroup() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> blocking = submitBlockingWrite(release);
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(writer.submit(put("key-" + i, "value-" + i), 16, false));
        }

        release.countDown();
        CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(blocking).isCompleted();
        assertThat(writer.groupsWritten()).isEqualTo(2);
        assertThat(read("key-49")).isEqualTo("value-49");
    }

    @Test
    void shouldCompleteFuturesInSubmissionOrder() throws Exception {
        List<Integer> completed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int number = i;
            futures.add(writer.submit(put("key-" + i, "value"), 16, false).thenRun(() -> completed.add(number)));
        }

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(completed).hasSize(500).isSorted();
    }

    @Test
    void shouldFailEveryWriteOfAFailedGroupWithKafkaStorageExceptionAndWriteNoneOfIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        CompletableFuture<Void> good = writer.submit(put("good", "value"), 16, false);
        CompletableFuture<Void> bad = submitFailingWrite("disk on fire", 0);

        release.countDown();

        assertThatThrownBy(() -> good.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("disk on fire");
        assertThat(read("good")).isNull();
    }

    @Test
    void shouldKeepWritingAfterAFailedGroup() throws Exception {
        CompletableFuture<Void> bad = submitFailingWrite("transient", 0);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        // the failure counts once every future of its group failed (a write queued before is refused)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.failedGroups() < 1) {
            assertThat(System.nanoTime()).as("the failed group counted").isLessThan(deadline);
            Thread.onSpinWait();
        }

        writer.submit(put("after", "value"), 16, false).get(10, TimeUnit.SECONDS);

        assertThat(read("after")).isEqualTo("value");
    }

    @Test
    void shouldFailAWriteQueuedBeforeAnEarlierOneFailedEvenInALaterGroup() throws Exception {
        // given a failing write that fills a group of its own, and a write queued behind it in the next group
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        CompletableFuture<Void> failing = submitFailingWrite("No space left on device",
                GroupCommitWriter.MAX_GROUP_BYTES);
        CompletableFuture<Void> queuedBehind = writer.submit(put("next-offsets", "value"), 16, false);

        // when the failing one fails
        release.countDown();

        // then the one behind it fails too, though RocksDB would take it: storing it could leave a gap
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> queuedBehind.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class);
        assertThat(read("next-offsets")).isNull();
        assertThat(writer.groupsWritten()).isEqualTo(1);
    }

    @Test
    void shouldFailAWriteAnotherThreadQueuesWhileTheFailedGroupsFuturesAreFailing() throws Exception {
        // given a failing write, and another thread queuing a write while the failing one's futures are failed,
        // before that thread could see its failure (it may continue what failed: the next offsets of a partition)
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        CompletableFuture<CompletableFuture<Void>> queuedMeanwhile = new CompletableFuture<>();
        CompletableFuture<Void> failing = submitFailingWrite("No space left on device", 0);
        failing.whenComplete((ignored, failure) -> {
            Thread other = new Thread(() -> queuedMeanwhile.complete(
                    writer.submit(put("next-offsets", "value"), 16, false)));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        release.countDown();

        // then the write queued meanwhile fails too, and later ones go through; nothing waits on the failing write
        // before its callback has run, which a waiting thread would run itself, maybe once the failure is counted
        CompletableFuture<Void> meanwhile = queuedMeanwhile.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> meanwhile.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThat(read("next-offsets")).isNull();
        writer.submit(put("after", "value"), 16, false).get(10, TimeUnit.SECONDS);
        assertThat(read("after")).isEqualTo("value");
    }

    @Test
    void shouldWriteWhatAFailedWritesCallbackQueuesKnowingOfTheFailure() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        CompletableFuture<CompletableFuture<Void>> queuedByTheCallback = new CompletableFuture<>();
        CompletableFuture<Void> failing = submitFailingWrite("No space left on device",
                GroupCommitWriter.MAX_GROUP_BYTES);
        failing.whenComplete((ignored, failure) -> queuedByTheCallback.complete(
                writer.submit(put("after-the-failure", "value"), 16, false)));
        release.countDown();

        queuedByTheCallback.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);

        assertThat(read("after-the-failure")).isEqualTo("value");
    }

    @Test
    void shouldReportWhetherWritesGoThroughFromAFailureUntilTheNextSuccess() throws Exception {
        assertThat(writer.isWritable()).isTrue();
        assertThat(writer.checkWritable().get(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> bad = submitFailingWrite("No space left on device", 0);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThat(writer.isWritable()).isFalse();

        assertThat(writer.checkWritable().get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.isWritable()).isTrue();
    }

    @Test
    void shouldWriteQueuedWritesBeforeClosingAndRefuseLaterOnes() throws Exception {
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(writer.submit(put("key-" + i, "value"), 16, false));
        }

        writer.close();

        assertThat(queued).allMatch(future -> future.isDone() && !future.isCompletedExceptionally());
        assertThatThrownBy(() -> writer.submit(put("late", "value"), 16, false).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class);
    }

    @Test
    void shouldTellEachStagedWriteOfAWrittenGroupItCommittedInQueueOrderBeforeAnyFutureCompletes() throws Exception {
        // given three staged writes queued behind a write in progress, so that they share the next group
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        List<CompletableFuture<List<String>>> seenOnCompletion = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            seenOnCompletion.add(writer.submit(new RecordingWrite(name, calls, putting(name)), 16, false)
                    .thenApply(ignored -> List.copyOf(calls)));
        }

        // when the group is written
        release.countDown();

        // then each was told, in queue order, before the first future completed, and none was told it failed
        List<String> committedInOrder = List.of("staged a", "staged b", "staged c",
                "committed a", "committed b", "committed c");
        for (CompletableFuture<List<String>> seen : seenOnCompletion) {
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(committedInOrder);
        }
        assertThat(calls).isEqualTo(committedInOrder);
        assertThat(writer.groupsWritten()).isEqualTo(2);
        assertThat(read("a")).isEqualTo("a");
        assertThat(read("c")).isEqualTo("c");
    }

    @Test
    void shouldTellEveryStagedWriteOfAGroupItFailedInReverseOrderWhenAStageThrowsAnIOException() throws Exception {
        // given a group of two writes, a third whose files fail to be written, and a fourth queued behind it
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<CompletableFuture<List<String>>> seenOnFailure = new ArrayList<>();
        for (RecordingWrite write : List.of(
                new RecordingWrite("a", calls, putting("a")),
                new RecordingWrite("b", calls, putting("b")),
                new RecordingWrite("c", calls, (db, batch, forced) -> {
                    throw new IOException("segment disk on fire");
                }),
                new RecordingWrite("d", calls, putting("d")))) {
            CompletableFuture<Void> future = writer.submit(write, 16, false);
            futures.add(future);
            seenOnFailure.add(future.handle((ignored, failure) -> List.copyOf(calls)));
        }

        // when the group is written
        release.countDown();

        // then every future fails with the storage error, once each staged write was told, last staged first
        for (CompletableFuture<Void> future : futures) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(KafkaStorageException.class)
                    .hasRootCauseInstanceOf(IOException.class)
                    .hasMessageContaining("segment disk on fire");
        }
        List<String> failedInReverse = List.of("staged a", "staged b", "staged c",
                "failed c", "failed b", "failed a");
        for (CompletableFuture<List<String>> seen : seenOnFailure) {
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(failedInReverse);
        }
        // and none was told it committed; the one never staged has nothing to undo
        assertThat(calls).isEqualTo(failedInReverse);
        assertThat(read("a")).isNull();
        assertThat(read("d")).isNull();
    }

    @Test
    void shouldFailARefusedWriteAloneAndWriteTheRestOfItsGroup() throws Exception {
        // given a group whose second write refuses itself before staging anything
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        CompletableFuture<Void> first = writer.submit(new RecordingWrite("a", calls, putting("a")), 16, false);
        CompletableFuture<Void> refused = writer.submit(new RecordingWrite("b", calls, (db, batch, forced) -> {
            throw new GroupCommitWriter.RefusedWrite("partition was deleted with its topic");
        }), 16, false);
        CompletableFuture<Void> third = writer.submit(new RecordingWrite("c", calls, putting("c")), 16, false);

        // when the group is written
        release.countDown();

        // then the refused write fails with its own reason, and only the others are written and told so
        first.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("partition was deleted with its topic");
        assertThat(calls).containsExactly("staged a", "staged b", "staged c", "committed a", "committed c");
        assertThat(read("a")).isEqualTo("a");
        assertThat(read("c")).isEqualTo("c");
        assertThat(writer.isWritable()).isTrue();
    }

    @Test
    void shouldCompleteTheGroupAndKeepWritingWhenACommittedHookThrows() throws Exception {
        GroupCommitWriter.StagedWrite throwing = new GroupCommitWriter.StagedWrite() {
            @Override
            public void stage(Database db, WriteBatch batch, Set<SegmentFile> forced) throws RocksDBException {
                batch.put(db.meta(), bytes("x"), bytes("x"));
            }

            @Override
            public void committed() {
                throw new IllegalStateException("bookkeeping bug");
            }

            @Override
            public void failed() {
            }
        };

        writer.submit(throwing, 16, false).get(10, TimeUnit.SECONDS);
        writer.submit(put("y", "y"), 16, false).get(10, TimeUnit.SECONDS);

        assertThat(read("x")).isEqualTo("x");
        assertThat(read("y")).isEqualTo("y");
    }

    @Test
    void shouldTellEveryStagedWriteOfAGroupItFailedWhenAStageThrowsARocksDbException() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        CompletableFuture<Void> good = writer.submit(new RecordingWrite("a", calls, putting("a")), 16, false);
        CompletableFuture<Void> bad = writer.submit(new RecordingWrite("b", calls, (db, batch, forced) -> {
            throw new RocksDBException("disk on fire");
        }), 16, false);

        release.countDown();

        assertThatThrownBy(() -> good.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("disk on fire");
        assertThat(calls).containsExactly("staged a", "staged b", "failed b", "failed a");
        assertThat(read("a")).isNull();
    }

    @Test
    void shouldTellEveryStagedWriteOfAGroupItFailedWhenRocksDbRefusesTheWrite() throws Exception {
        // given a group whose every stage goes through, but whose batch RocksDB refuses (a dropped column family)
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (ColumnFamilyHandle dropped = droppedColumnFamily()) {
            CountDownLatch release = new CountDownLatch(1);
            submitBlockingWrite(release);
            CompletableFuture<Void> first = writer.submit(new RecordingWrite("a", calls, putting("a")), 16, false);
            CompletableFuture<Void> refused = writer.submit(new RecordingWrite("b", calls,
                    (db, batch, forced) -> batch.put(dropped, bytes("b"), bytes("b"))), 16, false);
            CompletableFuture<Void> last = writer.submit(new RecordingWrite("c", calls, putting("c")), 16, false);

            // when the group is written
            release.countDown();

            // then every write was staged and is told it failed, last first, and every future fails
            for (CompletableFuture<Void> future : List.of(first, refused, last)) {
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(KafkaStorageException.class);
            }
            assertThat(calls).containsExactly("staged a", "staged b", "staged c", "failed c", "failed b", "failed a");
            assertThat(writer.isWritable()).isFalse();
        }
    }

    @Test
    void shouldForceTheSegmentFilesStagedInASyncedGroupBeforeWritingToRocksDb(@TempDir Path segments)
            throws Exception {
        // given a writer that syncs every write, and a staged write that writes a segment file
        SegmentFile file = SegmentFile.create(segments, 0, 0);
        try {
            List<String> calls = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> written = writer.submit(
                    new RecordingWrite("a", calls, writingTo(file, "a"), file), 16, false);

            written.get(10, TimeUnit.SECONDS);

            // then the file was forced by the time the group committed
            assertThat(calls).containsExactly("staged a", "unforced after staging a: true",
                    "committed a", "unforced when committed a: false");
            assertThat(file.unforced()).isFalse();
            assertThat(read("a")).isEqualTo("a");
        } finally {
            file.close();
        }
    }

    @Test
    void shouldForceTheSegmentFilesStagedInASyncedGroupEvenIfRocksDbThenRefusesTheWrite(@TempDir Path segments)
            throws Exception {
        // given a synced group that writes a segment file, whose batch RocksDB refuses
        SegmentFile file = SegmentFile.create(segments, 0, 0);
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (ColumnFamilyHandle dropped = droppedColumnFamily()) {
            CompletableFuture<Void> refused = writer.submit(new RecordingWrite("a", calls, (db, batch, forced) -> {
                writingTo(file, "a").stage(db, batch, forced);
                batch.put(dropped, bytes("a"), bytes("a"));
            }, file), 16, false);

            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(KafkaStorageException.class);

            // then the file was forced all the same: before RocksDB's write, not after it
            assertThat(file.unforced()).isFalse();
            assertThat(calls).containsExactly("staged a", "unforced after staging a: true", "failed a");
        } finally {
            file.close();
        }
    }

    @Test
    void shouldForceTheFilesNamedForEverySyncBeforeASyncedGroupOnlyWhateverItsOwnWritesName(@TempDir Path segments)
            throws Exception {
        // given a file written earlier, unforced, that every synced group is to force
        SegmentFile earlier = SegmentFile.create(segments, 0, 0);
        try (GroupCommitWriter unsynced = new GroupCommitWriter(database, FsyncPolicy.NEVER, "unsynced-writer")) {
            earlier.write(ByteBuffer.wrap(bytes("earlier")), 0);
            unsynced.forceWithEverySync(() -> List.of(earlier));

            // when an unsynced group is written, it stays unforced; when a synced one is, it is forced
            unsynced.submit(put("a", "a"), 16, false).get(10, TimeUnit.SECONDS);
            assertThat(earlier.unforced()).isTrue();
            unsynced.submit(put("b", "b"), 16, true).get(10, TimeUnit.SECONDS);
            assertThat(earlier.unforced()).isFalse();
        } finally {
            earlier.close();
        }
    }

    @Test
    void shouldForceTheSegmentFilesOfAGroupWithAForceSyncedWriteWhateverThePolicy(@TempDir Path segments)
            throws Exception {
        SegmentFile file = SegmentFile.create(segments, 0, 0);
        try (GroupCommitWriter unsynced = new GroupCommitWriter(database, FsyncPolicy.NEVER, "unsynced-writer")) {
            List<String> calls = Collections.synchronizedList(new ArrayList<>());

            unsynced.submit(new RecordingWrite("a", calls, writingTo(file, "a"), file), 16, true)
                    .get(10, TimeUnit.SECONDS);

            assertThat(file.unforced()).isFalse();
            assertThat(calls).contains("unforced when committed a: false");
        } finally {
            file.close();
        }
    }

    @Test
    void shouldNotForceTheSegmentFilesOfAnUnsyncedGroup(@TempDir Path segments) throws Exception {
        SegmentFile file = SegmentFile.create(segments, 0, 0);
        try (GroupCommitWriter unsynced = new GroupCommitWriter(database, FsyncPolicy.NEVER, "unsynced-writer")) {
            List<String> calls = Collections.synchronizedList(new ArrayList<>());

            unsynced.submit(new RecordingWrite("a", calls, writingTo(file, "a"), file), 16, false)
                    .get(10, TimeUnit.SECONDS);

            assertThat(file.unforced()).isTrue();
            assertThat(calls).contains("unforced when committed a: true");
            assertThat(read("a")).isEqualTo("a");
        } finally {
            file.close();
        }
    }

    /** What a {@link RecordingWrite} does when staged. */
    @FunctionalInterface
    private interface Stage {
        void stage(Database db, WriteBatch batch, Set<SegmentFile> forced) throws RocksDBException, IOException;
    }

    /** A staged write that records its stage and which of its hooks were called, in order, in a shared list. */
    private record RecordingWrite(String name, List<String> calls, Stage stage, SegmentFile file)
            implements GroupCommitWriter.StagedWrite {

        RecordingWrite(String name, List<String> calls, Stage stage) {
            this(name, calls, stage, null);
        }

        @Override
        public void stage(Database db, WriteBatch batch, Set<SegmentFile> forced)
                throws RocksDBException, IOException {
            calls.add("staged " + name);
            stage.stage(db, batch, forced);
            if (file != null) {
                calls.add("unforced after staging " + name + ": " + file.unforced());
            }
        }

        @Override
        public void committed() {
            calls.add("committed " + name);
            if (file != null) {
                calls.add("unforced when committed " + name + ": " + file.unforced());
            }
        }

        @Override
        public void failed() {
            calls.add("failed " + name);
        }
    }

    /** Puts {@code key} with itself as value. */
    private static Stage putting(String key) {
        return (db, batch, forced) -> batch.put(db.meta(), bytes(key), bytes(key));
    }

    /** Writes {@code key} to {@code file}, names the file to force, and puts {@code key} as {@link #putting} does. */
    private static Stage writingTo(SegmentFile file, String key) {
        return (db, batch, forced) -> {
            file.write(ByteBuffer.wrap(bytes(key)), file.size());
            forced.add(file);
            putting(key).stage(db, batch, forced);
        };
    }

    /**
     * A handle of a column family created and dropped again: RocksDB refuses a write batch that puts to it
     * ("Invalid column family specified in write batch"), after every stage of the group went through.
     */
    private ColumnFamilyHandle droppedColumnFamily() throws RocksDBException {
        return database.access(db -> {
            ColumnFamilyHandle handle = db.db().createColumnFamily(new ColumnFamilyDescriptor(bytes("doomed")));
            db.db().dropColumnFamily(handle);
            return handle;
        });
    }

    private static GroupCommitWriter.Mutation put(String key, String value) {
        return (db, batch) -> batch.put(db.meta(), bytes(key), bytes(value));
    }

    private String read(String key) throws RocksDBException {
        byte[] value = database.access(db -> db.db().get(db.meta(), bytes(key)));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Queues a write that RocksDB refuses with {@code message}. */
    private CompletableFuture<Void> submitFailingWrite(String message, int sizeInBytes) {
        return writer.submit((db, batch) -> {
            throw new RocksDBException(message);
        }, sizeInBytes, false);
    }

    /** A write that holds the writer inside its group until released; returns once the writer is in it. */
    private CompletableFuture<Void> submitBlockingWrite(CountDownLatch release) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Void> blocking = writer.submit((db, batch) -> {
            entered.countDown();
            awaitLatch(release);
        }, 0, false);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        return blocking;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
