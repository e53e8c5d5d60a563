package io.hexalog.domain.config;

/** How a configuration value is written, as DescribeConfigs reports it. */
public enum ConfigType {
    BOOLEAN, STRING, INT, LONG, DOUBLE, LIST
}
