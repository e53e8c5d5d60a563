package io.hexalog.junit;

import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.bootstrap.ServerConfig;
import io.hexalog.bootstrap.StorageKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One broker started for a {@link HexalogBroker} annotation: bootstrap's broker on loopback and a free port, its
 * data directory, and the fatal error it may meet. Closing stops the broker and deletes the directory.
 */
final class InProcessBroker implements AutoCloseable {

    private final io.hexalog.bootstrap.HexalogBroker broker;
    private final String bootstrapServers;
    private final Path dataDir;
    private final FatalErrorRecord fatalError;
    private final AtomicBoolean closed = new AtomicBoolean();

    private InProcessBroker(io.hexalog.bootstrap.HexalogBroker broker, Path dataDir, FatalErrorRecord fatalError) {
        this.broker = broker;
        this.bootstrapServers = broker.bootstrapServers();
        this.dataDir = dataDir;
        this.fatalError = fatalError;
    }

    /** Starts a broker as {@code settings} asks and creates its topics. */
    static InProcessBroker start(HexalogBroker settings) {
        Path dataDir = temporaryDirectory();
        FatalErrorRecord fatalError = new FatalErrorRecord();
        io.hexalog.bootstrap.HexalogBroker broker;
        try {
            broker = io.hexalog.bootstrap.HexalogBroker.startInProcess(config(settings.storage(), dataDir), fatalError);
        } catch (RuntimeException e) {
            delete(dataDir);
            throw e;
        }
        InProcessBroker started = new InProcessBroker(broker, dataDir, fatalError);
        try {
            for (Topic topic : settings.topics()) {
                broker.createTopic(topic.name(), topic.partitions(), configs(topic));
            }
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** Kafka's defaults, but a group's first rebalance does not wait for more members: tests start them one by one. */
    private static ServerConfig config(Storage storage, Path dataDir) {
        StorageKind kind = storage == Storage.ROCKSDB ? StorageKind.ROCKSDB : StorageKind.MEMORY;
        return ServerConfig.loopback(kind, dataDir)
                .withGroups(GroupCoordinatorConfig.kafkaDefaults().withInitialRebalanceDelayMs(0));
    }

    private static Map<String, String> configs(Topic topic) {
        Map<String, String> configs = new HashMap<>();
        for (String entry : topic.configs()) {
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("Config '" + entry + "' of topic " + topic.name()
                        + " is not key=value");
            }
            configs.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return configs;
    }

    /** Where the broker listens, or listened once it is closed. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its files; deleted once it is closed. */
    Path dataDir() {
        return dataDir;
    }

    /** Throws the {@link AssertionError} of a fatal error the broker met, if it met one. */
    void failIfBroken() {
        fatalError.failIfMet();
    }

    /** Stops the broker and deletes its data directory; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                broker.close();
            } finally {
                delete(dataDir);
            }
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("hexalog-junit-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data directory for the broker", e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the broker's data directory " + directory, e);
        }
    }
}
