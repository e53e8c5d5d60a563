package io.hexalog.benchmarks.jmh;

import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.bootstrap.HexalogBroker;
import io.hexalog.bootstrap.ServerConfig;
import io.hexalog.bootstrap.StorageKind;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a test class annotated {@code @HexalogBroker} waits for in a warm JVM (the second test class onwards of a
 * test run): a broker started in process on a free port with one three-partition topic, as hexalog-junit starts
 * it, and then stopped with its data directory deleted. {@code start} counts the start and the topic only (the
 * stop runs outside the measured time); {@code startAndStop} counts both, as a per-method broker costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class InProcessBrokerStartBenchmark {

    @Param({"memory", "rocksdb"})
    public String storage;

    private Path dataDir;
    private HexalogBroker broker;

    @Setup(Level.Invocation)
    public void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("hexalog-benchmark");
    }

    @Benchmark
    public HexalogBroker start() {
        broker = startWithATopic();
        return broker;
    }

    @Benchmark
    public void startAndStop() {
        startWithATopic().close();
    }

    @TearDown(Level.Invocation)
    public void stopAndDeleteDataDir() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        delete(dataDir);
    }

    private HexalogBroker startWithATopic() {
        ServerConfig config = ServerConfig.loopback(StorageKind.valueOf(storage.toUpperCase()), dataDir)
                .withGroups(GroupCoordinatorConfig.kafkaDefaults().withInitialRebalanceDelayMs(0));
        HexalogBroker started = HexalogBroker.startInProcess(config, (what, cause) -> {
            throw new IllegalStateException("fatal error " + what, cause);
        });
        started.createTopic("orders", 3, Map.of());
        return started;
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
