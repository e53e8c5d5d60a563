package io.hexalog.application.service;

import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.ConfigSource;
import io.hexalog.domain.config.ConfigType;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.TimestampType;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DescribeConfigsServiceTest {

    /** An operator who set log.retention.ms (to one day) and nothing else. */
    private final BrokerConfig settings = new BrokerConfig(3, true, 1_048_588, 86_400_000L, -1L,
            TimestampType.CREATE_TIME, Duration.ofMinutes(5), Set.of("log.retention.ms"), GroupCoordinatorConfig.kafkaDefaults());
    private final CoreOnFakes broker = new CoreOnFakes(settings, 1);

    @Test
    void shouldDescribeEveryTopicConfigWithItsSource() {
        broker.createTopic("orders", 1, Map.of("max.message.bytes", "2048"));

        List<ConfigEntry> entries = broker.configs.describeTopicConfigs(TopicName.of("orders"));

        assertThat(entries).extracting(ConfigEntry::name).containsExactly(
                "cleanup.policy", "delete.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
                "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas",
                "retention.bytes", "retention.ms", "segment.bytes", "segment.ms");
        assertThat(entry(entries, "max.message.bytes")).satisfies(entry -> {
            assertThat(entry.value()).isEqualTo("2048");
            assertThat(entry.source()).isEqualTo(ConfigSource.TOPIC_CONFIG);
            assertThat(entry.type()).isEqualTo(ConfigType.INT);
            assertThat(entry.readOnly()).isFalse();
            assertThat(entry.sensitive()).isFalse();
            assertThat(entry.documentation()).contains("MESSAGE_TOO_LARGE");
            assertThat(entry.synonyms()).containsExactly(
                    new ConfigEntry.Synonym("max.message.bytes", "2048", ConfigSource.TOPIC_CONFIG),
                    new ConfigEntry.Synonym("message.max.bytes", "1048588", ConfigSource.DEFAULT_CONFIG));
        });
        assertThat(entry(entries, "retention.ms")).satisfies(entry -> {
            assertThat(entry.value()).isEqualTo("86400000");
            assertThat(entry.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(entry.synonyms()).containsExactly(
                    new ConfigEntry.Synonym("log.retention.ms", "86400000", ConfigSource.STATIC_BROKER_CONFIG));
        });
        assertThat(entry(entries, "message.timestamp.type").value()).isEqualTo("CreateTime");
        assertThat(entry(entries, "message.timestamp.type").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(entry(entries, "cleanup.policy").type()).isEqualTo(ConfigType.LIST);
    }

    @Test
    void shouldDescribeTheConfigsOfATopicAsGivenThoughItIsNotStored() {
        Topic planned = Topic.create(TopicName.of("planned"), 1).withConfigs(Map.of("retention.ms", "60000"));

        List<ConfigEntry> entries = broker.configs.describeConfigsOf(planned);

        assertThat(entry(entries, "retention.ms").value()).isEqualTo("60000");
        assertThat(entry(entries, "retention.ms").source()).isEqualTo(ConfigSource.TOPIC_CONFIG);
        assertThat(entry(entries, "max.message.bytes").value()).isEqualTo("1048588");
        assertThat(entry(entries, "max.message.bytes").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(broker.catalog.find(TopicName.of("planned"))).isEmpty();
    }

    @Test
    void shouldRefuseToDescribeAnUnknownTopic() {
        assertThatThrownBy(() -> broker.configs.describeTopicConfigs(TopicName.of("nope")))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldDescribeTheBrokerConfigsAsReadOnly() {
        List<ConfigEntry> entries = broker.configs.describeBrokerConfigs();

        assertThat(entries).extracting(ConfigEntry::name).containsExactly("auto.create.topics.enable",
                "log.cleaner.backoff.ms", "log.cleaner.delete.retention.ms", "log.cleaner.enable",
                "log.cleaner.max.compaction.lag.ms", "log.cleaner.min.cleanable.ratio",
                "log.cleaner.min.compaction.lag.ms", "log.cleanup.policy", "log.message.timestamp.type",
                "log.retention.bytes", "log.retention.check.interval.ms", "log.retention.ms", "log.roll.ms",
                "log.segment.bytes", "message.max.bytes", "min.insync.replicas", "num.partitions");
        assertThat(entries).allSatisfy(entry -> assertThat(entry.readOnly()).isTrue());
        assertThat(entry(entries, "num.partitions").value()).isEqualTo("3");
        assertThat(entry(entries, "log.retention.ms").source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(entry(entries, "log.retention.check.interval.ms").value()).isEqualTo("300000");
        assertThat(entry(entries, "log.retention.check.interval.ms").source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
    }

    private static ConfigEntry entry(List<ConfigEntry> entries, String name) {
        return entries.stream().filter(entry -> entry.name().equals(name)).findFirst().orElseThrow();
    }
}
