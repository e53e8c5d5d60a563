package io.hexalog.application.port.in;

import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;
import io.hexalog.domain.group.consumer.DynamicGroupConfig;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change to a group's own configs: AlterConfigs replaces all of them, IncrementalAlterConfigs applies operations to
 * the present ones.
 *
 * @param validateOnly check everything but change nothing
 */
public record AlterGroupConfigsCommand(GroupId group, Change change, boolean validateOnly) {

    public AlterGroupConfigsCommand {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(change, "change");
    }

    public static AlterGroupConfigsCommand replacing(GroupId group, Map<String, String> configs, boolean validateOnly) {
        return new AlterGroupConfigsCommand(group, new Change.Replace(configs), validateOnly);
    }

    public static AlterGroupConfigsCommand incremental(GroupId group, List<AlterConfigOp> ops, boolean validateOnly) {
        return new AlterGroupConfigsCommand(group, new Change.Incremental(ops), validateOnly);
    }

    /** How the configs change. */
    public sealed interface Change {

        /**
         * The group's configs after this change, validated.
         *
         * @param broker the broker's consumer group settings: the values of configs the group does not set, and the
         *               bounds every value must lie within
         */
        Map<String, String> applyTo(Map<String, String> current, ConsumerGroupConfig broker);

        /** These become the group's whole set of configs (AlterConfigs). */
        record Replace(Map<String, String> configs) implements Change {
            public Replace {
                // Map.copyOf refuses null values, which AlterConfigs may carry: keep them for validation to name.
                configs = Collections.unmodifiableMap(new HashMap<>(configs));
            }

            @Override
            public Map<String, String> applyTo(Map<String, String> current, ConsumerGroupConfig broker) {
                return DynamicGroupConfig.replace(configs, broker);
            }
        }

        /** These operations apply to the present configs (IncrementalAlterConfigs). */
        record Incremental(List<AlterConfigOp> ops) implements Change {
            public Incremental {
                ops = List.copyOf(ops);
            }

            @Override
            public Map<String, String> applyTo(Map<String, String> current, ConsumerGroupConfig broker) {
                return DynamicGroupConfig.apply(current, ops, broker);
            }
        }
    }
}
