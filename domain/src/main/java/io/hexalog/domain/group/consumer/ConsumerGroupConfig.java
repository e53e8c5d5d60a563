package io.hexalog.domain.group.consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The broker settings a consumer group obeys.
 *
 * @param sessionTimeoutMs    {@code group.consumer.session.timeout.ms}: a member silent this long is removed
 * @param heartbeatIntervalMs {@code group.consumer.heartbeat.interval.ms}: how often members are told to
 *                            heartbeat
 * @param maxSize             {@code group.consumer.max.size}: how many members a group may have
 * @param assignors           {@code group.consumer.assignors}: the server-side assignors; the first is the
 *                            default
 * @param migrationPolicy     {@code group.consumer.migration.policy}: whether a group with members changes kind
 *                            between classic and consumer
 * @param bounds              {@code group.consumer.min/max.*}: the range the session timeout and heartbeat interval,
 *                            the broker's and a group's own, must lie within
 */
public record ConsumerGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize,
                                  List<PartitionAssignor> assignors, ConsumerGroupMigrationPolicy migrationPolicy,
                                  ConsumerGroupTimeoutBounds bounds) {

    public static final int KAFKA_SESSION_TIMEOUT_MS = 45_000;
    public static final int KAFKA_HEARTBEAT_INTERVAL_MS = 5_000;
    public static final int KAFKA_MAX_SIZE = Integer.MAX_VALUE;

    public ConsumerGroupConfig {
        if (sessionTimeoutMs < 1 || heartbeatIntervalMs < 1) {
            throw new IllegalArgumentException("session timeout and heartbeat interval must be positive: "
                    + sessionTimeoutMs + ", " + heartbeatIntervalMs);
        }
        if (heartbeatIntervalMs >= sessionTimeoutMs) {
            throw new IllegalArgumentException("group.consumer.heartbeat.interval.ms (" + heartbeatIntervalMs
                    + ") must be lower than group.consumer.session.timeout.ms (" + sessionTimeoutMs + ")");
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("group.consumer.max.size must be positive: " + maxSize);
        }
        assignors = List.copyOf(assignors);
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException("group.consumer.assignors must name at least one assignor");
        }
        if (assignors.stream().map(PartitionAssignor::name).distinct().count() != assignors.size()) {
            throw new IllegalArgumentException("group.consumer.assignors names an assignor twice");
        }
        Objects.requireNonNull(migrationPolicy, "migrationPolicy");
        Objects.requireNonNull(bounds, "bounds");
        bounds.checkDefaults(sessionTimeoutMs, heartbeatIntervalMs);
    }

    /**
     * Settings whose bounds are Kafka's, widened to admit the timeouts given ({@link
     * ConsumerGroupTimeoutBounds#admitting}): for settings built in code rather than read from the broker's config.
     */
    public ConsumerGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize,
                               List<PartitionAssignor> assignors, ConsumerGroupMigrationPolicy migrationPolicy) {
        this(sessionTimeoutMs, heartbeatIntervalMs, maxSize, assignors, migrationPolicy,
                ConsumerGroupTimeoutBounds.admitting(sessionTimeoutMs, heartbeatIntervalMs));
    }

    /** Settings with Kafka's default migration policy, {@code bidirectional}. */
    public ConsumerGroupConfig(int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize,
                               List<PartitionAssignor> assignors) {
        this(sessionTimeoutMs, heartbeatIntervalMs, maxSize, assignors, ConsumerGroupMigrationPolicy.BIDIRECTIONAL);
    }

    public ConsumerGroupConfig withMigrationPolicy(ConsumerGroupMigrationPolicy policy) {
        return new ConsumerGroupConfig(sessionTimeoutMs, heartbeatIntervalMs, maxSize, assignors, policy, bounds);
    }

    /** Kafka's defaults: 45 s sessions, 5 s heartbeats, {@code uniform} then {@code range}, Kafka's bounds. */
    public static ConsumerGroupConfig kafkaDefaults() {
        return new ConsumerGroupConfig(KAFKA_SESSION_TIMEOUT_MS, KAFKA_HEARTBEAT_INTERVAL_MS, KAFKA_MAX_SIZE,
                List.of(new UniformAssignor(), new RangeAssignor()), ConsumerGroupMigrationPolicy.BIDIRECTIONAL,
                ConsumerGroupTimeoutBounds.KAFKA_DEFAULTS);
    }

    /** The assignors this broker has, by the names {@code group.consumer.assignors} accepts. */
    public static Map<String, PartitionAssignor> knownAssignors() {
        Map<String, PartitionAssignor> known = new LinkedHashMap<>();
        known.put(UniformAssignor.NAME, new UniformAssignor());
        known.put(RangeAssignor.NAME, new RangeAssignor());
        return known;
    }

    Optional<PartitionAssignor> assignor(String name) {
        return assignors.stream().filter(assignor -> assignor.name().equals(name)).findFirst();
    }

    List<String> assignorNames() {
        return assignors.stream().map(PartitionAssignor::name).toList();
    }
}
