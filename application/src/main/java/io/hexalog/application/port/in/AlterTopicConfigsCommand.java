package io.hexalog.application.port.in;

import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.config.TopicConfigChange;
import io.hexalog.domain.topic.TopicName;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change to a topic's configs: AlterConfigs replaces every override, IncrementalAlterConfigs applies
 * operations to the present ones.
 *
 * @param validateOnly check everything but change nothing
 */
public record AlterTopicConfigsCommand(TopicName topic, Change change, boolean validateOnly) {

    public AlterTopicConfigsCommand {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(change, "change");
    }

    public static AlterTopicConfigsCommand replacing(TopicName topic, Map<String, String> overrides, boolean validateOnly) {
        return new AlterTopicConfigsCommand(topic, new Change.Replace(overrides), validateOnly);
    }

    public static AlterTopicConfigsCommand incremental(TopicName topic, List<AlterConfigOp> ops, boolean validateOnly) {
        return new AlterTopicConfigsCommand(topic, new Change.Incremental(ops), validateOnly);
    }

    /** How the configs change. */
    public sealed interface Change {

        /**
         * The overrides after this change, validated.
         *
         * @param defaults what unset configs are worth, where APPEND and SUBTRACT start from
         */
        Map<String, String> applyTo(Map<String, String> currentOverrides, LogConfig defaults);

        /** These become the topic's whole set of overrides (AlterConfigs). */
        record Replace(Map<String, String> overrides) implements Change {
            public Replace {
                // Map.copyOf refuses null values, which AlterConfigs may carry: keep them for validation to name.
                overrides = Collections.unmodifiableMap(new HashMap<>(overrides));
            }

            @Override
            public Map<String, String> applyTo(Map<String, String> currentOverrides, LogConfig defaults) {
                return TopicConfigChange.replace(overrides);
            }
        }

        /** These operations apply to the present overrides (IncrementalAlterConfigs). */
        record Incremental(List<AlterConfigOp> ops) implements Change {
            public Incremental {
                ops = List.copyOf(ops);
            }

            @Override
            public Map<String, String> applyTo(Map<String, String> currentOverrides, LogConfig defaults) {
                return TopicConfigChange.apply(currentOverrides, ops, defaults);
            }
        }
    }
}
