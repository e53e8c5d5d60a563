package io.hexalog.domain.group.consumer;

import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.config.ConfigType;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidRequestException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configs a group may set for itself (Kafka's config resource type GROUP, KIP-848), and the rules Kafka's
 * {@code GroupConfig} checks them with, in its words. Only the keys of consumer groups are known here: a broker
 * without share groups and streams groups has no {@code share.*} or {@code streams.*} key, so they are unknown
 * names. A value missing from a group's overrides is the broker's {@code group.consumer.*} setting.
 */
public final class DynamicGroupConfig {

    public static final String CONSUMER_SESSION_TIMEOUT_MS = "consumer.session.timeout.ms";
    public static final String CONSUMER_HEARTBEAT_INTERVAL_MS = "consumer.heartbeat.interval.ms";

    /** Every key, in the order DescribeConfigs lists them. */
    public static final List<String> NAMES = List.of(CONSUMER_HEARTBEAT_INTERVAL_MS, CONSUMER_SESSION_TIMEOUT_MS);

    private static final Map<String, String> DOCUMENTATION = Map.of(
            CONSUMER_SESSION_TIMEOUT_MS, "The timeout to detect client failures when using the consumer group protocol.",
            CONSUMER_HEARTBEAT_INTERVAL_MS, "The heartbeat interval given to the members of a consumer group.");

    private DynamicGroupConfig() {
    }

    /** The type of every key: all are numbers of milliseconds. */
    public static ConfigType type(String name) {
        return ConfigType.INT;
    }

    public static String documentation(String name) {
        return DOCUMENTATION.getOrDefault(name, "");
    }

    /** The value of {@code name} the broker gives a group that does not override it. */
    public static String defaultValue(String name, ConsumerGroupConfig broker) {
        return Integer.toString(CONSUMER_SESSION_TIMEOUT_MS.equals(name) ? broker.sessionTimeoutMs()
                : broker.heartbeatIntervalMs());
    }

    /** What a group with these overrides gives its members. */
    public static ConsumerGroupTimeouts timeouts(Map<String, String> overrides, ConsumerGroupConfig broker) {
        return new ConsumerGroupTimeouts(
                intOr(overrides.get(CONSUMER_SESSION_TIMEOUT_MS), broker.sessionTimeoutMs()),
                intOr(overrides.get(CONSUMER_HEARTBEAT_INTERVAL_MS), broker.heartbeatIntervalMs()));
    }

    /**
     * AlterConfigs: these become the group's whole set of overrides.
     *
     * @return the overrides, checked
     * @throws InvalidConfigurationException as {@link #validate} does
     */
    public static Map<String, String> replace(Map<String, String> overrides, ConsumerGroupConfig broker) {
        return validate(overrides, broker);
    }

    /**
     * IncrementalAlterConfigs: each operation applied to the group's present overrides, all or nothing.
     *
     * @throws InvalidRequestException       for a key named twice
     * @throws InvalidConfigurationException for APPEND or SUBTRACT (no key is a list), and as {@link #validate} does
     */
    public static Map<String, String> apply(Map<String, String> current, List<AlterConfigOp> ops,
                                            ConsumerGroupConfig broker) {
        Set<String> named = new HashSet<>();
        for (AlterConfigOp op : ops) {
            if (!named.add(op.name())) {
                throw new InvalidRequestException("Error due to duplicate config keys");
            }
        }
        Map<String, String> overrides = new HashMap<>(current);
        for (AlterConfigOp op : ops) {
            switch (op.opType()) {
                case SET -> overrides.put(op.name(), op.value());
                case DELETE -> overrides.remove(op.name());
                case APPEND, SUBTRACT -> throw new InvalidConfigurationException("Can't " + op.opType() + " to key "
                        + op.name() + " because its type is not LIST.");
            }
        }
        return validate(overrides, broker);
    }

    /**
     * Checks a group's overrides as Kafka's controller does: known names, non-null integers of at least 1, each
     * within the broker's {@code group.consumer.min/max.*} bounds, and the session timeout, with the broker's
     * settings for what is not overridden, greater than the heartbeat interval.
     *
     * @return the overrides, sorted by name
     * @throws InvalidConfigurationException naming the first rule broken
     */
    public static Map<String, String> validate(Map<String, String> overrides, ConsumerGroupConfig broker) {
        List<String> nulls = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(overrides).entrySet()) {
            if (!NAMES.contains(entry.getKey())) {
                throw new InvalidConfigurationException("Unknown group config name: " + entry.getKey());
            }
            if (entry.getValue() == null) {
                nulls.add(entry.getKey());
            }
        }
        if (!nulls.isEmpty()) {
            throw new InvalidConfigurationException("Null value not supported for group configs: "
                    + String.join(",", nulls));
        }
        overrides.forEach(DynamicGroupConfig::parse);
        ConsumerGroupTimeouts timeouts = timeouts(overrides, broker);
        checkBounds(timeouts, broker.bounds());
        return new TreeMap<>(overrides);
    }

    private static void checkBounds(ConsumerGroupTimeouts timeouts, ConsumerGroupTimeoutBounds bounds) {
        int heartbeat = timeouts.heartbeatIntervalMs();
        int session = timeouts.sessionTimeoutMs();
        require(heartbeat >= bounds.minHeartbeatIntervalMs(), CONSUMER_HEARTBEAT_INTERVAL_MS
                + " must be greater than or equal to " + ConsumerGroupTimeoutBounds.MIN_HEARTBEAT_INTERVAL);
        require(heartbeat <= bounds.maxHeartbeatIntervalMs(), CONSUMER_HEARTBEAT_INTERVAL_MS
                + " must be less than or equal to " + ConsumerGroupTimeoutBounds.MAX_HEARTBEAT_INTERVAL);
        require(session >= bounds.minSessionTimeoutMs(), CONSUMER_SESSION_TIMEOUT_MS
                + " must be greater than or equal to " + ConsumerGroupTimeoutBounds.MIN_SESSION_TIMEOUT);
        require(session <= bounds.maxSessionTimeoutMs(), CONSUMER_SESSION_TIMEOUT_MS
                + " must be less than or equal to " + ConsumerGroupTimeoutBounds.MAX_SESSION_TIMEOUT);
        require(session > heartbeat, CONSUMER_SESSION_TIMEOUT_MS + " must be greater than "
                + CONSUMER_HEARTBEAT_INTERVAL_MS);
    }

    /** An integer of at least 1, or Kafka's {@code ConfigDef} message. */
    private static int parse(String name, String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + name
                    + ": Not a number of type INT");
        }
        require(parsed >= 1, "Invalid value " + parsed + " for configuration " + name + ": Value must be at least 1");
        return parsed;
    }

    private static int intOr(String value, int otherwise) {
        return value == null ? otherwise : Integer.parseInt(value.trim());
    }

    private static void require(boolean holds, String message) {
        if (!holds) {
            throw new InvalidConfigurationException(message);
        }
    }
}
