package io.hexalog.domain.group.consumer;

/**
 * The range the broker allows a consumer group's session timeout and heartbeat interval within: Kafka's
 * {@code group.consumer.min/max.session.timeout.ms} and {@code group.consumer.min/max.heartbeat.interval.ms}. The
 * broker's own defaults must lie within it, and so must a group's own {@code consumer.session.timeout.ms} and
 * {@code consumer.heartbeat.interval.ms} (KIP-848).
 *
 * @param minSessionTimeoutMs    {@code group.consumer.min.session.timeout.ms}
 * @param maxSessionTimeoutMs    {@code group.consumer.max.session.timeout.ms}
 * @param minHeartbeatIntervalMs {@code group.consumer.min.heartbeat.interval.ms}
 * @param maxHeartbeatIntervalMs {@code group.consumer.max.heartbeat.interval.ms}
 */
public record ConsumerGroupTimeoutBounds(int minSessionTimeoutMs, int maxSessionTimeoutMs, int minHeartbeatIntervalMs,
                                         int maxHeartbeatIntervalMs) {

    public static final String MIN_SESSION_TIMEOUT = "group.consumer.min.session.timeout.ms";
    public static final String MAX_SESSION_TIMEOUT = "group.consumer.max.session.timeout.ms";
    public static final String MIN_HEARTBEAT_INTERVAL = "group.consumer.min.heartbeat.interval.ms";
    public static final String MAX_HEARTBEAT_INTERVAL = "group.consumer.max.heartbeat.interval.ms";

    /** Kafka's defaults: sessions of 45 to 60 s, heartbeats every 5 to 15 s. */
    public static final ConsumerGroupTimeoutBounds KAFKA_DEFAULTS =
            new ConsumerGroupTimeoutBounds(45_000, 60_000, 5_000, 15_000);

    /** Checks what Kafka's {@code GroupCoordinatorConfig} checks of the bounds, with its words. */
    public ConsumerGroupTimeoutBounds {
        atLeastOne(MIN_SESSION_TIMEOUT, minSessionTimeoutMs);
        atLeastOne(MAX_SESSION_TIMEOUT, maxSessionTimeoutMs);
        atLeastOne(MIN_HEARTBEAT_INTERVAL, minHeartbeatIntervalMs);
        atLeastOne(MAX_HEARTBEAT_INTERVAL, maxHeartbeatIntervalMs);
        require(maxHeartbeatIntervalMs >= minHeartbeatIntervalMs,
                MAX_HEARTBEAT_INTERVAL + " must be greater than or equal to " + MIN_HEARTBEAT_INTERVAL);
        require(maxSessionTimeoutMs >= minSessionTimeoutMs,
                MAX_SESSION_TIMEOUT + " must be greater than or equal to " + MIN_SESSION_TIMEOUT);
    }

    /**
     * Kafka's defaults widened just enough to admit {@code sessionTimeoutMs} and {@code heartbeatIntervalMs}: for a
     * group config built in code (tests, an embedded broker) with timeouts of its own and no bounds.
     */
    public static ConsumerGroupTimeoutBounds admitting(int sessionTimeoutMs, int heartbeatIntervalMs) {
        ConsumerGroupTimeoutBounds kafka = KAFKA_DEFAULTS;
        return new ConsumerGroupTimeoutBounds(Math.max(1, Math.min(kafka.minSessionTimeoutMs, sessionTimeoutMs)),
                Math.max(kafka.maxSessionTimeoutMs, sessionTimeoutMs),
                Math.max(1, Math.min(kafka.minHeartbeatIntervalMs, heartbeatIntervalMs)),
                Math.max(kafka.maxHeartbeatIntervalMs, heartbeatIntervalMs));
    }

    /**
     * Checks the broker's default session timeout and heartbeat interval against the bounds, as Kafka does at start-up.
     *
     * @throws IllegalArgumentException with Kafka's message for the first rule broken
     */
    public void checkDefaults(int sessionTimeoutMs, int heartbeatIntervalMs) {
        String heartbeat = "group.consumer.heartbeat.interval.ms";
        String session = "group.consumer.session.timeout.ms";
        require(heartbeatIntervalMs >= minHeartbeatIntervalMs,
                heartbeat + " must be greater than or equal to " + MIN_HEARTBEAT_INTERVAL);
        require(heartbeatIntervalMs <= maxHeartbeatIntervalMs,
                heartbeat + " must be less than or equal to " + MAX_HEARTBEAT_INTERVAL);
        require(sessionTimeoutMs >= minSessionTimeoutMs,
                session + " must be greater than or equal to " + MIN_SESSION_TIMEOUT);
        require(sessionTimeoutMs <= maxSessionTimeoutMs,
                session + " must be less than or equal to " + MAX_SESSION_TIMEOUT);
        require(heartbeatIntervalMs < sessionTimeoutMs, heartbeat + " must be less than " + session);
    }

    private static void atLeastOne(String name, int value) {
        require(value >= 1, "Invalid value " + value + " for configuration " + name + ": Value must be at least 1");
    }

    private static void require(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }
}
