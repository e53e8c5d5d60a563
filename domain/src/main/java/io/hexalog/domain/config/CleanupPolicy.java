package io.hexalog.domain.config;

/**
 * What happens to old batches ({@code cleanup.policy}). Only {@code delete} exists here: Kafka's
 * {@code compact} needs record-level rewriting of the log, which this broker does not do, so it is refused
 * rather than silently ignored.
 */
public enum CleanupPolicy {
    DELETE("delete");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }
}
