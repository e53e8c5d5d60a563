package io.hexalog.benchmarks.jmh;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Append and read on a {@link PartitionLogStore}, through the port, with ~16 KB batches. The store kind is a
 * parameter so that every adapter is measured by the same code: see {@link #open(String)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PartitionLogStoreBenchmark {

    /** Batches in the log that reads run against: 16 MB. */
    private static final int STORED_BATCHES = 1024;
    private static final int FETCH_MAX_BYTES = 1024 * 1024;
    private static final int APPENDS_PER_LOG = 100_000;

    @Param({"memory", "rocksdb"})
    public String storage;

    private final TopicIdPartition partition =
            new TopicIdPartition(TopicId.random(), TopicName.of("benchmark-topic"), 0);
    private ByteBuffer template;
    private PartitionLogStore store;
    private AutoCloseable opened;
    private Path dataDir;
    private long nextOffset;
    private long readOffset;

    @Setup(Level.Iteration)
    public void setUp() {
        template = Batches.batch("none", 7);
        store = open(storage);
        store.open(partition);
        nextOffset = 0;
        for (int i = 0; i < STORED_BATCHES; i++) {
            appendCopy();
        }
        readOffset = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        if (opened != null) {
            opened.close();
            opened = null;
        }
        if (dataDir != null) {
            deleteRecursively(dataDir);
            dataDir = null;
        }
    }

    /**
     * The store under test. An adapter joins by adding its case here and its name to the {@code storage}
     * parameter; a persistent one opens a fresh temporary directory per iteration.
     */
    private PartitionLogStore open(String kind) {
        return switch (kind) {
            case "memory" -> new InMemoryStorage().partitionLogStore();
            case "rocksdb" -> {
                try {
                    dataDir = Files.createTempDirectory("hexalog-jmh-");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                RocksDbStorage rocksDb = RocksDbStorage.open(dataDir, FsyncPolicy.NEVER);
                opened = rocksDb;
                yield rocksDb.partitionLogStore();
            }
            default -> throw new IllegalArgumentException("Unknown storage " + kind);
        };
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * Appends one batch. The appended views share the template's memory, so that the benchmark measures the
     * store rather than the allocator; every {@code APPENDS_PER_LOG} appends the log is dropped and restarted
     * so that it does not grow without bound.
     */
    @Benchmark
    public long append() {
        if (nextOffset >= APPENDS_PER_LOG * (long) Batches.RECORDS_PER_BATCH) {
            store.deleteTopic(partition.topicId()).join();
            store.open(partition);
            nextOffset = 0;
        }
        RecordBatch batch = RecordBatch.wrap(template);
        batch.assignBaseOffset(nextOffset);
        store.append(partition, List.of(batch), List.of()).join();
        nextOffset = batch.nextOffset();
        return nextOffset;
    }

    /** One 1 MB read, released as a fetch's is once its response is written. */
    @Benchmark
    public long read1MB() {
        LogSlice slice = store.read(partition, readOffset, STORED_BATCHES * (long) Batches.RECORDS_PER_BATCH, ReadLimit.atLeastOneBatch(FETCH_MAX_BYTES)).join();
        return moveOn(slice);
    }

    /**
     * One 1 MB read as a consumer's fetch makes it, to be sent as it is: what the store's reader thread does before
     * the socket is handed the bytes (on RocksDB a walk of the index, no read of the files).
     */
    @Benchmark
    public long readToSend1MB() {
        LogSlice slice = store.readToSend(partition, readOffset, STORED_BATCHES * (long) Batches.RECORDS_PER_BATCH,
                ReadLimit.atLeastOneBatch(FETCH_MAX_BYTES)).join();
        return moveOn(slice);
    }

    private long moveOn(LogSlice slice) {
        long next = slice.nextOffset();
        readOffset = next >= STORED_BATCHES * (long) Batches.RECORDS_PER_BATCH ? 0 : next;
        slice.release();
        return next;
    }

    /** ListOffsets with MAX_TIMESTAMP: the store walks every batch of the 16 MB log. */
    @Benchmark
    public Optional<RecordBatch> findBatchWithMaxTimestamp() {
        return store.findBatchWithMaxTimestamp(partition, STORED_BATCHES * (long) Batches.RECORDS_PER_BATCH).join();
    }

    private void appendCopy() {
        ByteBuffer copy = ByteBuffer.allocate(template.remaining()).put(template.duplicate()).flip();
        RecordBatch batch = RecordBatch.wrap(copy);
        batch.assignBaseOffset(nextOffset);
        store.append(partition, List.of(batch), List.of()).join();
        nextOffset = batch.nextOffset();
    }
}
