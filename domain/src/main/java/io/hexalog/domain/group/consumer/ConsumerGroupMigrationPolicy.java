package io.hexalog.domain.group.consumer;

import java.util.Locale;

/**
 * {@code group.consumer.migration.policy}: whether a group changes kind online while it has members. An upgrade
 * turns a classic group into a consumer group when a member of the consumer protocol joins it; a downgrade turns
 * a consumer group back into a classic group when its last member of the consumer protocol leaves and only
 * classic members remain. An empty group changes kind whatever the policy.
 */
public enum ConsumerGroupMigrationPolicy {

    /** Neither: a group with members keeps its kind. */
    DISABLED,
    /** Classic groups are upgraded, consumer groups never downgraded. */
    UPGRADE,
    /** Consumer groups are downgraded, classic groups never upgraded. */
    DOWNGRADE,
    /** Both, Kafka's default. */
    BIDIRECTIONAL;

    public boolean allowsUpgrade() {
        return this == UPGRADE || this == BIDIRECTIONAL;
    }

    public boolean allowsDowngrade() {
        return this == DOWNGRADE || this == BIDIRECTIONAL;
    }

    /** The name the config key takes: lower case. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a value that is none of disabled, upgrade, downgrade, bidirectional */
    public static ConsumerGroupMigrationPolicy parse(String value) {
        for (ConsumerGroupMigrationPolicy policy : values()) {
            if (policy.configName().equalsIgnoreCase(value.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("group.consumer.migration.policy must be one of disabled, upgrade,"
                + " downgrade, bidirectional: " + value);
    }
}
