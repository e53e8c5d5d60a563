package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.ConfigSource;
import io.hexalog.domain.config.ConfigType;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * How a config is shown on the wire, wherever Kafka reports one: in DescribeConfigs and in the answer to
 * CreateTopics (KIP-525). A sensitive config never shows its value.
 */
final class ConfigEntries {

    private ConfigEntries() {
    }

    /** A value {@code entry} has, as it may be shown: not at all when the config is sensitive. */
    static String shown(ConfigEntry entry, String value) {
        return entry.sensitive() ? null : value;
    }

    static byte source(ConfigSource source) {
        return switch (source) {
            case TOPIC_CONFIG -> DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG.id();
            case GROUP_CONFIG -> DescribeConfigsResponse.ConfigSource.GROUP_CONFIG.id();
            case STATIC_BROKER_CONFIG -> DescribeConfigsResponse.ConfigSource.STATIC_BROKER_CONFIG.id();
            case DEFAULT_CONFIG -> DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG.id();
        };
    }

    static byte type(ConfigType type) {
        return switch (type) {
            case BOOLEAN -> DescribeConfigsResponse.ConfigType.BOOLEAN.id();
            case STRING -> DescribeConfigsResponse.ConfigType.STRING.id();
            case INT -> DescribeConfigsResponse.ConfigType.INT.id();
            case LONG -> DescribeConfigsResponse.ConfigType.LONG.id();
            case DOUBLE -> DescribeConfigsResponse.ConfigType.DOUBLE.id();
            case LIST -> DescribeConfigsResponse.ConfigType.LIST.id();
        };
    }
}
