package io.hexalog.bootstrap;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A broker config file in Kafka's {@code server.properties} dialect (Java properties: {@code key=value},
 * {@code #} comments). Only the keys this broker acts on are read; {@link #unknownKeys()} names the rest so
 * that they can be reported once.
 */
final class ServerProperties {

    /** Every key this broker reads from a config file. */
    static final Set<String> KNOWN_KEYS = Set.of(
            "auto.create.topics.enable", "log.cleanup.policy", "log.dir", "log.dirs", "log.message.timestamp.type",
            "log.retention.bytes", "log.retention.check.interval.ms", "log.retention.hours", "log.retention.minutes",
            "log.retention.ms", "message.max.bytes", "node.id", "broker.id", "controller.quorum.voters",
            "default.replication.factor", "num.partitions", "socket.request.max.bytes",
            "group.initial.rebalance.delay.ms", "group.min.session.timeout.ms", "group.max.session.timeout.ms",
            "offsets.retention.minutes", "log.trace.protocol", "max.connections", "max.connections.per.ip",
            "max.connections.per.ip.overrides", "connections.max.idle.ms", "log.memory.max.bytes",
            "connection.max.in.flight.requests", "fetch.max.bytes", "fetch.memory.bytes", "max.broker.partitions",
            "http.port", "http.host");

    private static final ServerProperties NONE = new ServerProperties(Path.of("(none)"), Map.of());

    private final Path file;
    private final Map<String, String> values;

    private ServerProperties(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    static ServerProperties none() {
        return NONE;
    }

    /** @throws BrokerStartupException if the file cannot be read */
    static ServerProperties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new BrokerStartupException("Cannot read config file " + file + ": " + e, e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.trim(), properties.getProperty(key).trim()));
        return new ServerProperties(file, values);
    }

    Path file() {
        return file;
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Keys in the file that this broker does not act on, sorted. */
    Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KNOWN_KEYS);
        return unknown;
    }
}
