package io.hexalog.application.port.in;

/** Where a config's value comes from, most specific first, as DescribeConfigs reports it. */
public enum ConfigSource {
    /** Set on the topic itself. */
    TOPIC_CONFIG,
    /** Set on the group itself (config resource type GROUP; Kafka's {@code DYNAMIC_GROUP_CONFIG}). */
    GROUP_CONFIG,
    /** Set for the broker by the operator, with a flag or in the config file. */
    STATIC_BROKER_CONFIG,
    /** Kafka's default, nobody set it. */
    DEFAULT_CONFIG
}
