package io.hexalog.domain.config;

import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.log.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogConfigTest {

    private static final LogConfig DEFAULTS = LogConfig.KAFKA_DEFAULTS;

    @Test
    void shouldApplyEveryHonouredOverride() {
        LogConfig config = DEFAULTS.withOverrides(Map.of(
                "retention.ms", "1000",
                "retention.bytes", "4096",
                "max.message.bytes", "2048",
                "message.timestamp.type", "LogAppendTime",
                "cleanup.policy", "delete"));

        assertThat(config).isEqualTo(new LogConfig(CleanupPolicy.DELETE, 2048, TimestampType.LOG_APPEND_TIME, 4096, 1000));
    }

    @Test
    void shouldKeepDefaultsForConfigsNotOverridden() {
        LogConfig config = DEFAULTS.withOverrides(Map.of("retention.ms", "5"));

        assertThat(config.maxMessageBytes()).isEqualTo(DEFAULTS.maxMessageBytes());
        assertThat(config.retentionBytes()).isEqualTo(-1);
        assertThat(config.messageTimestampType()).isEqualTo(TimestampType.CREATE_TIME);
    }

    @Test
    void shouldWriteValuesAsClientsSetThem() {
        LogConfig config = DEFAULTS.withOverrides(Map.of("message.timestamp.type", "LogAppendTime"));

        assertThat(config.valueOf(TopicConfig.MESSAGE_TIMESTAMP_TYPE)).isEqualTo("LogAppendTime");
        assertThat(config.valueOf(TopicConfig.RETENTION_MS)).isEqualTo("604800000");
        assertThat(config.valueOf(TopicConfig.CLEANUP_POLICY)).isEqualTo("delete");
    }

    @Test
    void shouldRefuseAnUnknownConfigNamingIt() {
        assertThatThrownBy(() -> DEFAULTS.withOverrides(Map.of("retention.msec", "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unknown topic config name: retention.msec");
    }

    @ParameterizedTest
    @ValueSource(strings = {"segment.bytes", "segment.ms", "min.insync.replicas", "compression.type"})
    void shouldRefuseKafkaConfigsThisBrokerDoesNotActOn(String name) {
        assertThatThrownBy(() -> DEFAULTS.withOverrides(Map.of(name, "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"compact", "compact,delete", "delete,compact"})
    void shouldRefuseCompactionClearly(String policy) {
        assertThatThrownBy(() -> DEFAULTS.withOverrides(Map.of("cleanup.policy", policy)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("cleanup.policy")
                .hasMessageContaining("compaction is not supported");
    }

    @ParameterizedTest
    @CsvSource({
            "retention.ms, -2", "retention.ms, soon", "retention.bytes, 1.5", "max.message.bytes, -1",
            "max.message.bytes, 3000000000", "message.timestamp.type, logappendtime", "cleanup.policy, purge",
            "cleanup.policy, ','"})
    void shouldRefuseInvalidValuesNamingTheConfig(String name, String value) {
        assertThatThrownBy(() -> DEFAULTS.withOverrides(Map.of(name, value)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(value);
    }

    @Test
    void shouldNormaliseValues() {
        assertThat(TopicConfig.validate(Map.of("retention.ms", " 0100 ", "cleanup.policy", "delete,delete")))
                .containsEntry("retention.ms", "100")
                .containsEntry("cleanup.policy", "delete");
    }
}
