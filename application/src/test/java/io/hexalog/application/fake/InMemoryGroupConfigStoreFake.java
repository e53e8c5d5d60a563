package io.hexalog.application.fake;

import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.domain.group.GroupId;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Groups' configs in a map, for tests of the application. */
public final class InMemoryGroupConfigStoreFake implements GroupConfigStore {

    private final Map<GroupId, Map<String, String>> configs = new ConcurrentHashMap<>();

    @Override
    public void put(GroupId group, Map<String, String> groupConfigs) {
        if (groupConfigs.isEmpty()) {
            configs.remove(group);
        } else {
            configs.put(group, Map.copyOf(groupConfigs));
        }
    }

    @Override
    public Map<String, String> configs(GroupId group) {
        return configs.getOrDefault(group, Map.of());
    }

    @Override
    public Map<GroupId, Map<String, String>> all() {
        return Map.copyOf(configs);
    }
}
