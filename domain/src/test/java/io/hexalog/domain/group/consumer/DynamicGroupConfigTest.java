package io.hexalog.domain.group.consumer;

import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.config.AlterConfigOp.OpType;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamicGroupConfigTest {

    /** Kafka's defaults: sessions of 45 to 60 s, heartbeats of 5 to 15 s. */
    private static final ConsumerGroupConfig BROKER = ConsumerGroupConfig.kafkaDefaults();
    /** Sessions of 10 to 60 s (45 s by default), heartbeats of 1 to 15 s (5 s by default). */
    private static final ConsumerGroupConfig WIDE = new ConsumerGroupConfig(45_000, 5_000, Integer.MAX_VALUE,
            BROKER.assignors(), BROKER.migrationPolicy(), new ConsumerGroupTimeoutBounds(10_000, 60_000, 1_000, 15_000));

    @Test
    void shouldGiveTheBrokersTimeoutsToAGroupWithoutOverrides() {
        assertThat(DynamicGroupConfig.timeouts(Map.of(), BROKER)).isEqualTo(new ConsumerGroupTimeouts(45_000, 5_000));
    }

    @Test
    void shouldGiveTheGroupsOwnTimeouts() {
        assertThat(DynamicGroupConfig.timeouts(Map.of("consumer.session.timeout.ms", "12000",
                "consumer.heartbeat.interval.ms", "2000"), WIDE)).isEqualTo(new ConsumerGroupTimeouts(12_000, 2_000));
    }

    @Test
    void shouldAcceptValuesWithinTheBrokersBounds() {
        assertThat(DynamicGroupConfig.validate(Map.of("consumer.session.timeout.ms", "10000"), WIDE))
                .containsExactlyEntriesOf(Map.of("consumer.session.timeout.ms", "10000"));
    }

    @Test
    void shouldRefuseWhatKafkaRefusesWithItsWords() {
        refused(Map.of("consumer.session.timeout.ms", "9999"),
                "consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms");
        refused(Map.of("consumer.session.timeout.ms", "60001"),
                "consumer.session.timeout.ms must be less than or equal to group.consumer.max.session.timeout.ms");
        refused(Map.of("consumer.heartbeat.interval.ms", "999"),
                "consumer.heartbeat.interval.ms must be greater than or equal to group.consumer.min.heartbeat.interval.ms");
        refused(Map.of("consumer.heartbeat.interval.ms", "15001"),
                "consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms");
        refused(Map.of("consumer.session.timeout.ms", "12000", "consumer.heartbeat.interval.ms", "12000"),
                "consumer.session.timeout.ms must be greater than consumer.heartbeat.interval.ms");
        refused(Map.of("consumer.session.timeout.ms", "soon"),
                "Invalid value soon for configuration consumer.session.timeout.ms: Not a number of type INT");
        refused(Map.of("consumer.session.timeout.ms", "0"),
                "Invalid value 0 for configuration consumer.session.timeout.ms: Value must be at least 1");
        refused(Map.of("streams.session.timeout.ms", "12000"), "Unknown group config name: streams.session.timeout.ms");
        Map<String, String> withNull = new HashMap<>();
        withNull.put("consumer.session.timeout.ms", null);
        refused(withNull, "Null value not supported for group configs: consumer.session.timeout.ms");
    }

    @Test
    void shouldCheckAnOverrideTogetherWithTheBrokersValueOfTheOther() {
        // a 12 s session is checked against the broker's 5 s heartbeat, which it exceeds
        assertThat(DynamicGroupConfig.validate(Map.of("consumer.session.timeout.ms", "12000"), WIDE)).hasSize(1);
        refused(Map.of("consumer.session.timeout.ms", "10000", "consumer.heartbeat.interval.ms", "10000"),
                "consumer.session.timeout.ms must be greater than consumer.heartbeat.interval.ms");
    }

    @Test
    void shouldApplyIncrementalOperationsToThePresentOverrides() {
        Map<String, String> after = DynamicGroupConfig.apply(Map.of("consumer.session.timeout.ms", "12000"), List.of(
                new AlterConfigOp(OpType.DELETE, "consumer.session.timeout.ms", null),
                new AlterConfigOp(OpType.SET, "consumer.heartbeat.interval.ms", "2000")), WIDE);

        assertThat(after).containsExactlyEntriesOf(Map.of("consumer.heartbeat.interval.ms", "2000"));
    }

    @Test
    void shouldRefuseAppendToANumberAndAKeyNamedTwice() {
        assertThatThrownBy(() -> DynamicGroupConfig.apply(Map.of(), List.of(
                new AlterConfigOp(OpType.APPEND, "consumer.session.timeout.ms", "12000")), WIDE))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Can't APPEND to key consumer.session.timeout.ms because its type is not LIST.");
        assertThatThrownBy(() -> DynamicGroupConfig.apply(Map.of(), List.of(
                new AlterConfigOp(OpType.SET, "consumer.session.timeout.ms", "12000"),
                new AlterConfigOp(OpType.DELETE, "consumer.session.timeout.ms", null)), WIDE))
                .isInstanceOf(InvalidRequestException.class);
    }

    private static void refused(Map<String, String> overrides, String message) {
        assertThatThrownBy(() -> DynamicGroupConfig.validate(overrides, WIDE))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    }
}
