package io.hexalog.benchmarks.jmh;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.application.port.out.LogSlice;
import io.hexalog.application.port.out.PartitionLogStore;
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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.List;
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

    @Param({"memory"})
    public String storage;

    private final TopicIdPartition partition =
            new TopicIdPartition(TopicId.random(), TopicName.of("benchmark-topic"), 0);
    private ByteBuffer template;
    private PartitionLogStore store;
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

    /**
     * The store under test. A persistent adapter joins by adding its case here (with a temporary directory
     * opened in set-up) and its name to the {@code storage} parameter.
     */
    private static PartitionLogStore open(String kind) {
        return switch (kind) {
            case "memory" -> new InMemoryStorage().partitionLogStore();
            default -> throw new IllegalArgumentException("Unknown storage " + kind);
        };
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

    @Benchmark
    public LogSlice read1MB() {
        LogSlice slice = store.read(partition, readOffset, STORED_BATCHES * (long) Batches.RECORDS_PER_BATCH,
                FETCH_MAX_BYTES, true).join();
        long next = slice.batches().get(slice.batches().size() - 1).nextOffset();
        readOffset = next >= STORED_BATCHES * (long) Batches.RECORDS_PER_BATCH ? 0 : next;
        return slice;
    }

    private void appendCopy() {
        ByteBuffer copy = ByteBuffer.allocate(template.remaining()).put(template.duplicate()).flip();
        RecordBatch batch = RecordBatch.wrap(copy);
        batch.assignBaseOffset(nextOffset);
        store.append(partition, List.of(batch), List.of()).join();
        nextOffset = batch.nextOffset();
    }
}
