package io.hexalog.application.service;

import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.ConfigSource;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.config.ConfigType;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.config.TopicConfig;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Describes configs as Kafka does: each with its value in force, where that value comes from (the topic or the
 * group, the operator's broker settings or Kafka's default) and the synonyms it has at the other levels.
 */
public final class DescribeConfigsService implements DescribeConfigsQuery {

    private final TopicCatalog catalog;
    private final BrokerConfig settings;
    private final GroupConfigs groupConfigs;

    public DescribeConfigsService(TopicCatalog catalog, BrokerConfig settings, GroupConfigStore groupConfigs) {
        this.catalog = catalog;
        this.settings = settings;
        this.groupConfigs = new GroupConfigs(groupConfigs, settings.groups().consumerGroups());
    }

    @Override
    public List<ConfigEntry> describeTopicConfigs(TopicName name) {
        return describeConfigsOf(catalog.find(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist")));
    }

    @Override
    public List<ConfigEntry> describeConfigsOf(Topic topic) {
        LogConfig defaults = settings.logDefaults();
        List<ConfigEntry> entries = new ArrayList<>();
        for (TopicConfig config : TopicConfig.values()) {
            ConfigEntry.Synonym broker = new ConfigEntry.Synonym(config.brokerSynonym(), defaults.valueOf(config),
                    brokerSource(config.brokerSynonym()));
            String override = topic.configs().get(config.configName());
            List<ConfigEntry.Synonym> synonyms = override == null ? List.of(broker)
                    : List.of(new ConfigEntry.Synonym(config.configName(), override, ConfigSource.TOPIC_CONFIG), broker);
            ConfigEntry.Synonym inForce = synonyms.get(0);
            entries.add(new ConfigEntry(config.configName(), inForce.value(), inForce.source(), false, false,
                    config.type(), config.documentation(), synonyms));
        }
        entries.sort(Comparator.comparing(ConfigEntry::name));
        return entries;
    }

    @Override
    public List<ConfigEntry> describeGroupConfigs(GroupId group) {
        return groupConfigs.describe(group);
    }

    @Override
    public List<ConfigEntry> describeBrokerConfigs() {
        LogConfig defaults = settings.logDefaults();
        List<ConfigEntry> entries = new ArrayList<>(List.of(
                broker("auto.create.topics.enable", Boolean.toString(settings.autoCreateTopics()), ConfigType.BOOLEAN,
                        "Whether Metadata requests create unknown topics."),
                broker("log.retention.check.interval.ms", Long.toString(settings.retentionCheckInterval().toMillis()),
                        ConfigType.LONG, "How often, in milliseconds, retention looks for batches to delete."),
                broker("log.cleaner.backoff.ms", Long.toString(settings.cleaner().backoff().toMillis()),
                        ConfigType.LONG, "How long, in milliseconds, the log cleaner rests when no log needs cleaning."),
                broker("log.cleaner.enable", Boolean.toString(settings.cleaner().enabled()), ConfigType.BOOLEAN,
                        "Whether the log cleaner compacts the topics whose cleanup.policy includes compact."),
                broker("num.partitions", Integer.toString(settings.defaultPartitions()), ConfigType.INT,
                        "Partitions of topics created without a partition count, auto-created ones included.")));
        for (TopicConfig config : TopicConfig.values()) {
            entries.add(broker(config.brokerSynonym(), defaults.valueOf(config), config.type(),
                    "The default of the topic config " + config.configName() + ". " + config.documentation()));
        }
        entries.sort(Comparator.comparing(ConfigEntry::name));
        return entries;
    }

    private ConfigEntry broker(String name, String value, ConfigType type, String documentation) {
        ConfigSource source = brokerSource(name);
        return new ConfigEntry(name, value, source, true, false, type, documentation,
                List.of(new ConfigEntry.Synonym(name, value, source)));
    }

    private ConfigSource brokerSource(String brokerConfig) {
        return settings.explicitlySet().contains(brokerConfig) ? ConfigSource.STATIC_BROKER_CONFIG
                : ConfigSource.DEFAULT_CONFIG;
    }
}
