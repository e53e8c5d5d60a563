package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.error.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
        CompletableFuture<Void> bad = writer.submit((db, batch) -> {
            throw new RocksDBException("disk on fire");
        }, 0, false);

        release.countDown();

        assertThatThrownBy(() -> good.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaStorageException.class)
                .hasMessageContaining("disk on fire");
        assertThat(read("good")).isNull();
    }

    @Test
    void shouldKeepWritingAfterAFailedGroup() throws Exception {
        CompletableFuture<Void> bad = writer.submit((db, batch) -> {
            throw new RocksDBException("transient");
        }, 0, false);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(KafkaStorageException.class);

        writer.submit(put("after", "value"), 16, false).get(10, TimeUnit.SECONDS);

        assertThat(read("after")).isEqualTo("value");
    }

    @Test
    void shouldFailAWriteQueuedBeforeAnEarlierOneFailedEvenInALaterGroup() throws Exception {
        // given a failing write that fills a group of its own, and a write queued behind it in the next group
        CountDownLatch release = new CountDownLatch(1);
        submitBlockingWrite(release);
        CompletableFuture<Void> failing = writer.submit((db, batch) -> {
            throw new RocksDBException("No space left on device");
        }, GroupCommitWriter.MAX_GROUP_BYTES, false);
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
    void shouldReportWhetherWritesGoThroughFromAFailureUntilTheNextSuccess() throws Exception {
        assertThat(writer.isWritable()).isTrue();
        assertThat(writer.checkWritable().get(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> bad = writer.submit((db, batch) -> {
            throw new RocksDBException("No space left on device");
        }, 0, false);
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

    private static GroupCommitWriter.Mutation put(String key, String value) {
        return (db, batch) -> batch.put(db.meta(), bytes(key), bytes(value));
    }

    private String read(String key) throws RocksDBException {
        byte[] value = database.access(db -> db.db().get(db.meta(), bytes(key)));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
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
