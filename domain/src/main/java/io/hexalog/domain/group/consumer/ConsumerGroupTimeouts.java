package io.hexalog.domain.group.consumer;

/**
 * The session timeout and heartbeat interval a consumer group's members get: the broker's
 * ({@code group.consumer.session.timeout.ms}, {@code group.consumer.heartbeat.interval.ms}) unless the group overrides
 * them with its own {@code consumer.session.timeout.ms} and {@code consumer.heartbeat.interval.ms} (KIP-848).
 *
 * @param sessionTimeoutMs    how long a member may stay silent before it is removed
 * @param heartbeatIntervalMs how often a member is told to heartbeat
 */
public record ConsumerGroupTimeouts(int sessionTimeoutMs, int heartbeatIntervalMs) {

    public ConsumerGroupTimeouts {
        if (sessionTimeoutMs < 1 || heartbeatIntervalMs < 1) {
            throw new IllegalArgumentException("session timeout and heartbeat interval must be positive: "
                    + sessionTimeoutMs + ", " + heartbeatIntervalMs);
        }
    }
}
