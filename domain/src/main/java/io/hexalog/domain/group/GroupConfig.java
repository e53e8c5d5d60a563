package io.hexalog.domain.group;

import io.hexalog.domain.error.InvalidSessionTimeoutException;
import io.hexalog.domain.policy.Decision;

/**
 * The broker settings a group obeys.
 *
 * @param minSessionTimeoutMs     {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs     {@code group.max.session.timeout.ms}
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: how long the first rebalance of
 *                                an empty group waits for more members
 * @param newMemberJoinTimeoutMs  how long a new member's parked JoinGroup may wait before it is dropped
 *                                (it cannot heartbeat yet, KIP-394)
 */
public record GroupConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs,
                          int newMemberJoinTimeoutMs) {

    public static final int KAFKA_MIN_SESSION_TIMEOUT_MS = 6_000;
    public static final int KAFKA_MAX_SESSION_TIMEOUT_MS = 1_800_000;
    public static final int KAFKA_INITIAL_REBALANCE_DELAY_MS = 3_000;
    public static final int KAFKA_NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

    public GroupConfig {
        if (minSessionTimeoutMs < 0 || maxSessionTimeoutMs < minSessionTimeoutMs) {
            throw new IllegalArgumentException("Invalid session timeout range [" + minSessionTimeoutMs + ", "
                    + maxSessionTimeoutMs + "]");
        }
        if (initialRebalanceDelayMs < 0) {
            throw new IllegalArgumentException("initial rebalance delay must not be negative: " + initialRebalanceDelayMs);
        }
        if (newMemberJoinTimeoutMs < 1) {
            throw new IllegalArgumentException("new member join timeout must be positive: " + newMemberJoinTimeoutMs);
        }
    }

    public static GroupConfig kafkaDefaults() {
        return new GroupConfig(KAFKA_MIN_SESSION_TIMEOUT_MS, KAFKA_MAX_SESSION_TIMEOUT_MS,
                KAFKA_INITIAL_REBALANCE_DELAY_MS, KAFKA_NEW_MEMBER_JOIN_TIMEOUT_MS);
    }

    /** Accepts a session timeout within the allowed range; any other is rejected with {@link InvalidSessionTimeoutException}. */
    Decision checkSessionTimeout(int sessionTimeoutMs) {
        if (sessionTimeoutMs < minSessionTimeoutMs || sessionTimeoutMs > maxSessionTimeoutMs) {
            return Decision.reject(new InvalidSessionTimeoutException("Session timeout " + sessionTimeoutMs
                    + " ms is outside [" + minSessionTimeoutMs + ", " + maxSessionTimeoutMs + "] ms"));
        }
        return Decision.accept();
    }
}
