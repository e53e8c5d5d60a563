package io.hexalog.domain.config;

import io.hexalog.domain.config.AlterConfigOp.OpType;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicConfigChangeTest {

    private static final LogConfig DEFAULTS = LogConfig.KAFKA_DEFAULTS;

    @Test
    void shouldSetAndDeleteOverrides() {
        Map<String, String> changed = TopicConfigChange.apply(Map.of("retention.ms", "10", "retention.bytes", "99"),
                List.of(new AlterConfigOp(OpType.SET, "retention.ms", "20"),
                        new AlterConfigOp(OpType.DELETE, "retention.bytes", null),
                        new AlterConfigOp(OpType.SET, "max.message.bytes", "512")),
                DEFAULTS);

        assertThat(changed).containsOnly(Map.entry("retention.ms", "20"), Map.entry("max.message.bytes", "512"));
    }

    @Test
    void shouldAppendToAListStartingFromItsDefault() {
        Map<String, String> changed = TopicConfigChange.apply(Map.of(),
                List.of(new AlterConfigOp(OpType.APPEND, "cleanup.policy", "delete")), DEFAULTS);

        assertThat(changed).containsOnly(Map.entry("cleanup.policy", "delete"));
    }

    @Test
    void shouldSubtractFromAList() {
        Map<String, String> changed = TopicConfigChange.apply(Map.of("cleanup.policy", "delete"),
                List.of(new AlterConfigOp(OpType.SUBTRACT, "cleanup.policy", "compact")), DEFAULTS);

        assertThat(changed).containsOnly(Map.entry("cleanup.policy", "delete"));
    }

    @Test
    void shouldRefuseToSubtractTheLastCleanupPolicy() {
        assertThatThrownBy(() -> TopicConfigChange.apply(Map.of(),
                List.of(new AlterConfigOp(OpType.SUBTRACT, "cleanup.policy", "delete")), DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("cleanup.policy");
    }

    @Test
    void shouldAppendCompactionToTheDeletePolicy() {
        Map<String, String> changed = TopicConfigChange.apply(Map.of(),
                List.of(new AlterConfigOp(OpType.APPEND, "cleanup.policy", "compact")), DEFAULTS);

        assertThat(changed).containsOnly(Map.entry("cleanup.policy", "compact,delete"));
    }

    @Test
    void shouldRefuseListOperationsOnScalarConfigs() {
        assertThatThrownBy(() -> TopicConfigChange.apply(Map.of(),
                List.of(new AlterConfigOp(OpType.APPEND, "retention.ms", "5")), DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retention.ms");
    }

    @Test
    void shouldRefuseAConfigNamedTwice() {
        assertThatThrownBy(() -> TopicConfigChange.apply(Map.of(),
                List.of(new AlterConfigOp(OpType.SET, "retention.ms", "5"),
                        new AlterConfigOp(OpType.DELETE, "retention.ms", null)), DEFAULTS))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void shouldRefuseUnknownConfigsEvenWhenDeleting() {
        assertThatThrownBy(() -> TopicConfigChange.apply(Map.of(),
                List.of(new AlterConfigOp(OpType.DELETE, "no.such.config", null)), DEFAULTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unknown topic config name: no.such.config");
    }

    @Test
    void shouldReplaceEveryOverride() {
        assertThat(TopicConfigChange.replace(Map.of("retention.bytes", "10")))
                .containsOnly(Map.entry("retention.bytes", "10"));
    }
}
