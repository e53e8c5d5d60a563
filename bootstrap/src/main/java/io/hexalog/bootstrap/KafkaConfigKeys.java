package io.hexalog.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the broker makes of the keys it is given besides those it reads ({@link ServerProperties#KNOWN_KEYS}):
 * Kafka keys it accepts and ignores, because they tune what this broker does not have (ZooKeeper, replicas,
 * segments, Kafka's thread pools); keys that ask for what it cannot do, above all security, which stop it;
 * and unknown keys, most often typos, reported with the nearest known key.
 */
final class KafkaConfigKeys {

    /** Kafka broker keys accepted and ignored: each tunes something this broker does not have. */
    static final Set<String> IGNORED = Set.of(
            // KRaft and ZooKeeper: a cluster is formed from controller.quorum.voters alone (see docs/cluster.md).
            "process.roles", "controller.quorum.bootstrap.servers",
            "zookeeper.connect", "zookeeper.connection.timeout.ms", "zookeeper.session.timeout.ms",
            "broker.rack", "metadata.log.dir", "security.inter.broker.protocol",
            // Replication: a cluster acknowledges once a majority of a partition's replicas hold a batch.
            "offsets.topic.replication.factor",
            "offsets.topic.num.partitions", "transaction.state.log.replication.factor",
            "transaction.state.log.min.isr", "transaction.state.log.num.partitions", "num.replica.fetchers",
            "unclean.leader.election.enable", "auto.leader.rebalance.enable",
            // Kafka's threads and socket buffers: the broker sizes its own.
            "num.io.threads", "num.recovery.threads.per.data.dir", "background.threads", "queued.max.requests",
            "socket.send.buffer.bytes", "socket.receive.buffer.bytes", "socket.listen.backlog.size",
            // Segment files, indexes and flushing: the log has no segment files (log.segment.bytes and log.roll.ms
            // are read: they close the active segment of compacted logs).
            "log.roll.hours", "log.index.size.max.bytes",
            "log.index.interval.bytes", "log.preallocate", "log.segment.delete.delay.ms",
            "log.flush.interval.messages", "log.flush.interval.ms", "log.flush.scheduler.interval.ms",
            "log.flush.offset.checkpoint.interval.ms", "log.flush.start.offset.checkpoint.interval.ms",
                        // One log cleaner, which shares no buffer between threads.
            "log.cleaner.threads",
            // Groups and transactions beyond what is served.
            "group.max.size",
            "group.coordinator.rebalance.protocols", "share.coordinator.state.topic.replication.factor",
            "share.coordinator.state.topic.min.isr",
            // Reporters and quotas.
            "metric.reporters", "auto.include.jmx.reporter", "super.users", "allow.everyone.if.no.acl.found");

    /** Keys whose name alone asks for authentication, encryption or authorization. */
    private static final Pattern SECURITY = Pattern.compile(
            "(listener\\.name\\.[^.]+\\.)?(ssl|sasl)\\..*|.*\\.sasl\\.jaas\\.config|authorizer\\.class\\.name"
                    + "|principal\\.builder\\.class|delegation\\.token\\..*(key|secret)");

    /** Keys whose value is secret in logs. */
    private static final Pattern SECRET = Pattern.compile(".*(password|secret|jaas\\.config|credential|\\.key)$");

    static final String HIDDEN = "[hidden]";

    private KafkaConfigKeys() {
    }

    /**
     * Stops the broker at the first key that asks for what it cannot do.
     *
     * @throws BrokerStartupException naming the key and where it was written
     */
    static void refuseUnsupported(ServerProperties keys) {
        for (Map.Entry<String, String> entry : keys.all().entrySet()) {
            unsupported(entry.getKey(), entry.getValue()).ifPresent(reason -> {
                throw new BrokerStartupException(keys.origin(entry.getKey()) + " " + reason);
            });
        }
    }

    private static Optional<String> unsupported(String key, String value) {
        if (SECURITY.matcher(key).matches() && !value.isBlank()) {
            return Optional.of("asks for security (TLS, SASL or authorization), which this broker does not offer; "
                    + "it does not start in plaintext when the configuration asks for security");
        }
        if (key.equals("security.inter.broker.protocol") && !value.equalsIgnoreCase(KafkaListeners.PLAINTEXT)) {
            return Optional.of("asks for " + value + ", and this broker serves only PLAINTEXT; it does not start in "
                    + "plaintext when the configuration asks for security");
        }
        if (key.equals("compression.type") && !value.equalsIgnoreCase("producer")) {
            return Optional.of("asks the broker to recompress batches as " + value + "; this broker stores them as "
                    + "the producer compressed them (only compression.type=producer is supported)");
        }
        if (key.equals("delete.topic.enable") && value.equalsIgnoreCase("false")) {
            return Optional.of("asks to refuse topic deletion, which this broker always allows");
        }
        return Optional.empty();
    }

    /**
     * One warning for each key that is neither read nor knowingly ignored, with the nearest known key when
     * there is one close enough, and one line naming the ignored Kafka keys.
     */
    static List<String> warnings(ServerProperties keys) {
        Set<String> known = new TreeSet<>(ServerProperties.KNOWN_KEYS);
        known.addAll(IGNORED);
        known.add("compression.type");
        known.add("delete.topic.enable");
        List<String> warnings = new ArrayList<>();
        Set<String> ignored = new TreeSet<>();
        for (String key : keys.unknownKeys()) {
            if (known.contains(key)) {
                ignored.add(key);
                continue;
            }
            warnings.add("Unknown config key " + keys.origin(key) + KeySuggestions.nearest(key, known)
                    .map(nearest -> "; did you mean " + nearest + "?").orElse("; it is ignored"));
        }
        if (!ignored.isEmpty()) {
            warnings.add("Ignoring " + ignored.size() + " Kafka config keys this broker has no use for: "
                    + String.join(", ", ignored));
        }
        return warnings;
    }

    /** {@code value}, or {@value #HIDDEN} for a key whose value is a secret, as Kafka logs its config. */
    static String masked(String key, String value) {
        return SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches() ? HIDDEN : value;
    }
}
