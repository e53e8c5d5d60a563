package io.hexalog.benchmarks.jmh;

import io.hexalog.domain.log.RecordBatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * What the broker does to every produced batch before storing it: split the partition's records into
 * batches, check the header and CRC-32C, and stamp base offset and leader epoch. Batches are ~16 KB of
 * 1 KB records; the compressed variant is never decompressed, so only its smaller size should matter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordBatchBenchmark {

    @Param({"none", "lz4"})
    public String compression;

    private ByteBuffer records;
    private long nextOffset;

    @Setup
    public void setUp() {
        records = Batches.batch(compression, 42);
    }

    @Benchmark
    public RecordBatch splitValidateAndAssignOffsets() {
        List<RecordBatch> batches = RecordBatch.splitAll(records);
        RecordBatch batch = batches.get(0).validate();
        batch.assignBaseOffset(nextOffset);
        batch.assignPartitionLeaderEpoch(0);
        nextOffset = batch.nextOffset();
        return batch;
    }

    @Benchmark
    public RecordBatch validate() {
        return RecordBatch.wrap(records).validate();
    }
}
