package io.hexalog.domain.config;

import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidRequestException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies config changes to a topic's overrides, all or nothing: the result is validated as a whole before
 * it replaces anything.
 */
public final class TopicConfigChange {

    private TopicConfigChange() {
    }

    /**
     * AlterConfigs: the given entries become the topic's whole set of overrides; configs not named return
     * to their defaults.
     *
     * @throws InvalidConfigurationException for an unknown, unsupported or invalid entry
     */
    public static Map<String, String> replace(Map<String, String> newOverrides) {
        return TopicConfig.validate(newOverrides);
    }

    /**
     * IncrementalAlterConfigs: applies each operation to the current overrides.
     *
     * @param defaults what an unset config is worth, the starting point of APPEND and SUBTRACT
     * @throws InvalidRequestException       when a config is named twice
     * @throws InvalidConfigurationException for an unknown, unsupported or invalid entry, or APPEND /
     *                                       SUBTRACT on a config that is not a list
     */
    public static Map<String, String> apply(Map<String, String> currentOverrides, List<AlterConfigOp> ops,
                                            LogConfig defaults) {
        Set<String> named = new HashSet<>();
        for (AlterConfigOp op : ops) {
            if (!named.add(op.name())) {
                throw new InvalidRequestException("Config " + op.name() + " is altered more than once in one request");
            }
        }
        Map<String, String> overrides = new HashMap<>(currentOverrides);
        for (AlterConfigOp op : ops) {
            TopicConfig config = TopicConfig.named(op.name());
            switch (op.opType()) {
                case SET -> overrides.put(op.name(), op.value());
                case DELETE -> overrides.remove(op.name());
                case APPEND, SUBTRACT -> overrides.put(op.name(), listChange(config, op, overrides, defaults));
            }
        }
        return TopicConfig.validate(overrides);
    }

    private static String listChange(TopicConfig config, AlterConfigOp op, Map<String, String> overrides,
                                     LogConfig defaults) {
        if (config.type() != ConfigType.LIST) {
            throw new InvalidConfigurationException("Config value " + op.opType().name().toLowerCase()
                    + " is not allowed for config key " + op.name() + ", which is not a list");
        }
        if (op.value() == null) {
            throw new InvalidConfigurationException("Null value not supported for topic config " + op.name());
        }
        String current = overrides.getOrDefault(op.name(), defaults.valueOf(config));
        List<String> items = new ArrayList<>(TopicConfig.splitList(current));
        List<String> changed = TopicConfig.splitList(op.value());
        if (op.opType() == AlterConfigOp.OpType.APPEND) {
            changed.stream().filter(item -> !items.contains(item)).forEach(items::add);
        } else {
            items.removeAll(changed);
        }
        return String.join(",", items);
    }
}
