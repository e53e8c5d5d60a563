package io.hexalog.bootstrap;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Broker config keys in Kafka's {@code server.properties} dialect, from up to three places: a config file
 * (Java properties: {@code key=value}, {@code #} comments), the environment ({@code KAFKA_*} variables, see
 * {@link KafkaEnvironment}) and {@code --override key=value}, the later winning over the earlier. Each key
 * remembers where it was written, so that a bad value is reported where the operator wrote it.
 * {@link #unknownKeys()} names the keys this broker does not read, so that they can be reported once.
 */
final class ServerProperties {

    /** Every key this broker reads. */
    static final Set<String> KNOWN_KEYS = Set.of(
            "auto.create.topics.enable", "log.cleanup.policy", "log.segment.bytes", "log.roll.ms",
            "log.cleaner.enable", "log.cleaner.backoff.ms", "log.cleaner.dedupe.buffer.size",
            "log.cleaner.io.buffer.load.factor", "log.cleaner.min.cleanable.ratio",
            "log.cleaner.min.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms", "log.cleaner.delete.retention.ms", "log.dir", "log.dirs", "log.message.timestamp.type",
            "log.retention.bytes", "log.retention.check.interval.ms", "log.retention.hours", "log.retention.minutes",
            "log.retention.ms", "message.max.bytes", "min.insync.replicas", "node.id", "broker.id", "controller.quorum.voters",
            "controller.quorum.election.timeout.ms", "replica.copy.max.bytes.per.second", "storage.min.free.bytes",
            "replica.lag.time.max.ms", "replica.absence.max.ms",
            "default.replication.factor", "num.partitions", "socket.request.max.bytes",
            "group.initial.rebalance.delay.ms", "group.min.session.timeout.ms", "group.max.session.timeout.ms",
            "group.consumer.session.timeout.ms", "group.consumer.heartbeat.interval.ms", "group.consumer.assignors",
            "group.consumer.max.size", "group.consumer.migration.policy", "group.consumer.min.session.timeout.ms",
            "group.consumer.max.session.timeout.ms", "group.consumer.min.heartbeat.interval.ms",
            "group.consumer.max.heartbeat.interval.ms",
            "offsets.retention.minutes", "transaction.max.timeout.ms", "transactional.id.expiration.ms",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "log.trace.protocol", "max.connections", "max.connections.per.ip",
            "max.connections.per.ip.overrides", "connections.max.idle.ms", "log.memory.max.bytes",
            "log.rocksdb.read.pool.bytes",
            "connection.max.in.flight.requests", "fetch.max.bytes", "fetch.memory.bytes", "max.broker.partitions",
            "http.port", "http.host", KafkaListeners.LISTENERS, KafkaListeners.ADVERTISED_LISTENERS,
            KafkaListeners.SECURITY_PROTOCOL_MAP, KafkaListeners.CONTROLLER_LISTENER_NAMES,
            KafkaListeners.INTER_BROKER_LISTENER_NAME, "num.network.threads", LogSettings.FORMAT_KEY);

    private static final ServerProperties NONE = new ServerProperties(Path.of("(none)"), Map.of(), Map.of());

    private final Path file;
    private final Map<String, String> values;
    private final Map<String, String> origins;

    private ServerProperties(Path file, Map<String, String> values, Map<String, String> origins) {
        this.file = file;
        this.values = values;
        this.origins = origins;
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
        Map<String, String> origins = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> {
            values.put(key.trim(), properties.getProperty(key).trim());
            origins.put(key.trim(), key.trim() + " in " + file);
        });
        return new ServerProperties(file, values, origins);
    }

    /**
     * These keys with those of the environment and of {@code --override} on top, in that order of precedence.
     *
     * @param environment the config keys the {@code KAFKA_*} variables set ({@link KafkaEnvironment#configKeys})
     * @param overrides   the {@code key=value} pairs of {@code --override}, in command-line order
     */
    ServerProperties overriddenBy(Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> layeredValues = new TreeMap<>(values);
        Map<String, String> layeredOrigins = new TreeMap<>(origins);
        environment.forEach((key, value) -> {
            layeredValues.put(key, value);
            layeredOrigins.put(key, key + " from the environment variable " + KafkaEnvironment.variableFor(key));
        });
        overrides.forEach((key, value) -> {
            layeredValues.put(key, value);
            layeredOrigins.put(key, key + " from --override");
        });
        return new ServerProperties(file, layeredValues, layeredOrigins);
    }

    Path file() {
        return file;
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Where a key was written, for messages: {@code num.partitions in /etc/hexalog/server.properties}. */
    String origin(String key) {
        return origins.getOrDefault(key, key);
    }

    /** Every key and its value, sorted by key. */
    Map<String, String> all() {
        return new LinkedHashMap<>(values);
    }

    /** Keys this broker does not act on, sorted. */
    Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KNOWN_KEYS);
        return unknown;
    }
}
