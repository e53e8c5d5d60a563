package io.hexalog.application.service;

import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.ConfigSource;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.ConsumerGroupTimeouts;
import io.hexalog.domain.group.consumer.DynamicGroupConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Groups' own configs as the broker reads them: what a group's members get, and what DescribeConfigs lists. Read
 * from the store's memory, so a heartbeat may ask on any thread.
 */
final class GroupConfigs {

    private final GroupConfigStore store;
    private final ConsumerGroupConfig broker;

    GroupConfigs(GroupConfigStore store, ConsumerGroupConfig broker) {
        this.store = store;
        this.broker = broker;
    }

    /** The session timeout and heartbeat interval of the group's members now: its own, or the broker's. */
    ConsumerGroupTimeouts timeouts(GroupId group) {
        return DynamicGroupConfig.timeouts(store.configs(group), broker);
    }

    /**
     * Each group config with its value in force, as Kafka lists them: the group's own value with source
     * GROUP_CONFIG, otherwise the broker's {@code group.consumer.*} value with source DEFAULT_CONFIG; never
     * read-only.
     */
    List<ConfigEntry> describe(GroupId group) {
        Map<String, String> overrides = store.configs(group);
        List<ConfigEntry> entries = new ArrayList<>();
        for (String name : DynamicGroupConfig.NAMES) {
            String own = overrides.get(name);
            ConfigEntry.Synonym inForce = own == null
                    ? new ConfigEntry.Synonym(name, DynamicGroupConfig.defaultValue(name, broker), ConfigSource.DEFAULT_CONFIG)
                    : new ConfigEntry.Synonym(name, own, ConfigSource.GROUP_CONFIG);
            entries.add(new ConfigEntry(name, inForce.value(), inForce.source(), false, false,
                    DynamicGroupConfig.type(name), DynamicGroupConfig.documentation(name), List.of(inForce)));
        }
        return entries;
    }
}
