package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.ConfigSource;

import java.util.List;

/**
 * A config of a topic ({@code KafkaTopicConfig}, with {@code topic_name}), of a broker ({@code KafkaBrokerConfig},
 * with {@code broker_id}) or of a consumer group ({@code KafkaConsumerGroupConfig}, with {@code consumer_group_id}),
 * with the value in force and where it comes from.
 *
 * @param value null for a sensitive config, which is never shown
 */
record ConfigData(String kind, ResourceMetadata metadata, String clusterId,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String topicName,
                  @JsonInclude(JsonInclude.Include.NON_NULL) Integer brokerId,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String consumerGroupId,
                  String name, String value,
                  @JsonProperty("is_default") boolean isDefault,
                  @JsonProperty("is_read_only") boolean isReadOnly,
                  @JsonProperty("is_sensitive") boolean isSensitive,
                  String source, List<Synonym> synonyms) {

    static ConfigData ofTopic(Links links, String clusterId, String topic, ConfigEntry entry) {
        return new ConfigData("KafkaTopicConfig", new ResourceMetadata(
                links.cluster("topics", topic, "configs", entry.name()),
                links.crn("topic=" + topic, "config=" + entry.name())),
                clusterId, topic, null, null, entry.name(), shown(entry, entry.value()),
                entry.source() == ConfigSource.DEFAULT_CONFIG, entry.readOnly(), entry.sensitive(),
                sourceName(entry.source()), synonyms(entry));
    }

    static ConfigData ofBroker(Links links, String clusterId, int brokerId, ConfigEntry entry) {
        String broker = Integer.toString(brokerId);
        return new ConfigData("KafkaBrokerConfig", new ResourceMetadata(
                links.cluster("brokers", broker, "configs", entry.name()),
                links.crn("broker=" + broker, "config=" + entry.name())),
                clusterId, null, brokerId, null, entry.name(), shown(entry, entry.value()),
                entry.source() == ConfigSource.DEFAULT_CONFIG, entry.readOnly(), entry.sensitive(),
                sourceName(entry.source()), synonyms(entry));
    }

    static ConfigData ofGroup(Links links, String clusterId, String group, ConfigEntry entry) {
        return new ConfigData("KafkaConsumerGroupConfig", new ResourceMetadata(
                links.cluster("consumer-groups", group, "configs", entry.name()),
                links.crn("consumer-group=" + group, "config=" + entry.name())),
                clusterId, null, null, group, entry.name(), shown(entry, entry.value()),
                entry.source() == ConfigSource.DEFAULT_CONFIG, entry.readOnly(), entry.sensitive(),
                sourceName(entry.source()), synonyms(entry));
    }

    private static List<Synonym> synonyms(ConfigEntry entry) {
        return entry.synonyms().stream()
                .map(synonym -> new Synonym(synonym.name(), shown(entry, synonym.value()),
                        sourceName(synonym.source())))
                .toList();
    }

    private static String shown(ConfigEntry entry, String value) {
        return entry.sensitive() ? null : value;
    }

    /** Confluent names sources as Kafka's Admin client does; a topic's own config is a dynamic one. */
    private static String sourceName(ConfigSource source) {
        if (source == ConfigSource.TOPIC_CONFIG) {
            return "DYNAMIC_TOPIC_CONFIG";
        }
        return source == ConfigSource.GROUP_CONFIG ? "DYNAMIC_GROUP_CONFIG" : source.name();
    }

    /** One source that gives the config a value, most specific first. */
    record Synonym(String name, String value, String source) {
    }
}
