package io.hexalog.domain.config;

import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.log.MinInSyncReplicasPolicy;
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
    @ValueSource(strings = {"segment.index.bytes", "segment.jitter.ms", "unclean.leader.election.enable", "compression.type"})
    void shouldRefuseKafkaConfigsThisBrokerDoesNotActOn(String name) {
        assertThatThrownBy(() -> DEFAULTS.withOverrides(Map.of(name, "1")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("not supported");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"compact; COMPACT", "compact,delete; COMPACT_DELETE",
            "delete,compact; COMPACT_DELETE", "delete; DELETE", "compact, compact; COMPACT"})
    void shouldAcceptEveryCombinationOfCompactAndDelete(String value, CleanupPolicy policy) {
        LogConfig config = DEFAULTS.withOverrides(Map.of("cleanup.policy", value));

        assertThat(config.cleanupPolicy()).isEqualTo(policy);
        assertThat(config.valueOf(TopicConfig.CLEANUP_POLICY)).isEqualTo(policy.configValue());
    }

    @Test
    void shouldApplyTheCompactionConfigs() {
        LogConfig config = DEFAULTS.withOverrides(Map.of(
                "segment.bytes", "2097152",
                "segment.ms", "100",
                "min.cleanable.dirty.ratio", "0.25",
                "min.compaction.lag.ms", "10",
                "max.compaction.lag.ms", "20",
                "delete.retention.ms", "30"));

        assertThat(config.compaction()).isEqualTo(new CompactionConfig(2_097_152, 100, 0.25, 10, 20, 30));
    }

    @Test
    void shouldDefaultTheCompactionConfigsAsKafkaDoes() {
        assertThat(DEFAULTS.valueOf(TopicConfig.SEGMENT_BYTES)).isEqualTo("1073741824");
        assertThat(DEFAULTS.valueOf(TopicConfig.SEGMENT_MS)).isEqualTo("604800000");
        assertThat(DEFAULTS.valueOf(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO)).isEqualTo("0.5");
        assertThat(DEFAULTS.valueOf(TopicConfig.MIN_COMPACTION_LAG_MS)).isEqualTo("0");
        assertThat(DEFAULTS.valueOf(TopicConfig.MAX_COMPACTION_LAG_MS)).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(DEFAULTS.valueOf(TopicConfig.DELETE_RETENTION_MS)).isEqualTo("86400000");
    }

    @Test
    void shouldTakeMinInSyncReplicasAndDefaultItToOneAsKafkaDoes() {
        LogConfig config = DEFAULTS.withOverrides(Map.of("min.insync.replicas", " 02 "));

        assertThat(DEFAULTS.valueOf(TopicConfig.MIN_INSYNC_REPLICAS)).isEqualTo("1");
        assertThat(config.minInSyncReplicas()).isEqualTo(2);
        assertThat(config.valueOf(TopicConfig.MIN_INSYNC_REPLICAS)).isEqualTo("2");
        assertThat(config.minInSyncReplicasPolicy()).isEqualTo(new MinInSyncReplicasPolicy(2));
        assertThat(config.maxMessageBytes()).isEqualTo(DEFAULTS.maxMessageBytes());
        assertThat(TopicConfig.MIN_INSYNC_REPLICAS.brokerSynonym()).isEqualTo("min.insync.replicas");
    }

    @Test
    void shouldRefuseAMinimumCompactionLagAboveTheMaximum() {
        assertThatThrownBy(() -> DEFAULTS.withOverrides(Map.of("min.compaction.lag.ms", "20",
                "max.compaction.lag.ms", "10")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("min.compaction.lag.ms")
                .hasMessageContaining("max.compaction.lag.ms");
    }

    @ParameterizedTest
    @CsvSource({
            "retention.ms, -2", "retention.ms, soon", "retention.bytes, 1.5", "max.message.bytes, -1",
            "max.message.bytes, 3000000000", "message.timestamp.type, logappendtime", "cleanup.policy, purge",
            "cleanup.policy, ','", "cleanup.policy, 'compact,purge'", "segment.bytes, 1048575",
            "segment.ms, 0", "min.cleanable.dirty.ratio, 1.5", "min.cleanable.dirty.ratio, -0.1",
            "min.cleanable.dirty.ratio, half", "min.compaction.lag.ms, -1", "max.compaction.lag.ms, 0",
            "delete.retention.ms, -1", "min.insync.replicas, 0", "min.insync.replicas, -1",
            "min.insync.replicas, two"})
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
