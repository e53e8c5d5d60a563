package io.hexalog.domain.group.consumer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerGroupTimeoutBoundsTest {

    private static final ConsumerGroupTimeoutBounds KAFKA = ConsumerGroupTimeoutBounds.KAFKA_DEFAULTS;

    @Test
    void shouldHoldKafkasDefaults() {
        assertThat(KAFKA).isEqualTo(new ConsumerGroupTimeoutBounds(45_000, 60_000, 5_000, 15_000));
        assertThat(ConsumerGroupConfig.kafkaDefaults().bounds()).isEqualTo(KAFKA);
    }

    @Test
    void shouldRefuseAMaximumBelowItsMinimumWithKafkasWords() {
        assertThatThrownBy(() -> new ConsumerGroupTimeoutBounds(45_000, 60_000, 5_000, 4_000))
                .hasMessage("group.consumer.max.heartbeat.interval.ms must be greater than or equal to "
                        + "group.consumer.min.heartbeat.interval.ms");
        assertThatThrownBy(() -> new ConsumerGroupTimeoutBounds(45_000, 44_000, 5_000, 15_000))
                .hasMessage("group.consumer.max.session.timeout.ms must be greater than or equal to "
                        + "group.consumer.min.session.timeout.ms");
        assertThatThrownBy(() -> new ConsumerGroupTimeoutBounds(0, 60_000, 5_000, 15_000))
                .hasMessageContaining("group.consumer.min.session.timeout.ms").hasMessageContaining("at least 1");
    }

    @Test
    void shouldRefuseBrokerDefaultsOutsideTheBoundsWithKafkasWords() {
        assertThatThrownBy(() -> KAFKA.checkDefaults(45_000, 4_999)).hasMessage(
                "group.consumer.heartbeat.interval.ms must be greater than or equal to "
                        + "group.consumer.min.heartbeat.interval.ms");
        assertThatThrownBy(() -> KAFKA.checkDefaults(45_000, 15_001)).hasMessage(
                "group.consumer.heartbeat.interval.ms must be less than or equal to "
                        + "group.consumer.max.heartbeat.interval.ms");
        assertThatThrownBy(() -> KAFKA.checkDefaults(44_999, 5_000)).hasMessage(
                "group.consumer.session.timeout.ms must be greater than or equal to "
                        + "group.consumer.min.session.timeout.ms");
        assertThatThrownBy(() -> KAFKA.checkDefaults(60_001, 5_000)).hasMessage(
                "group.consumer.session.timeout.ms must be less than or equal to "
                        + "group.consumer.max.session.timeout.ms");
        assertThatThrownBy(() -> new ConsumerGroupTimeoutBounds(1_000, 60_000, 1_000, 15_000).checkDefaults(10_000,
                12_000)).hasMessage("group.consumer.heartbeat.interval.ms must be less than "
                        + "group.consumer.session.timeout.ms");
        KAFKA.checkDefaults(45_000, 5_000);
        KAFKA.checkDefaults(60_000, 15_000);
    }

    @Test
    void shouldCheckTheBrokerDefaultsAgainstTheBoundsOfAGroupConfig() {
        List<PartitionAssignor> assignors = List.of(new UniformAssignor());

        assertThatThrownBy(() -> new ConsumerGroupConfig(10_000, 5_000, 10, assignors,
                ConsumerGroupMigrationPolicy.BIDIRECTIONAL, KAFKA))
                .hasMessageContaining("group.consumer.session.timeout.ms must be greater than or equal to");
    }

    @Test
    void shouldWidenKafkasBoundsJustEnoughForTimeoutsGivenInCode() {
        assertThat(ConsumerGroupTimeoutBounds.admitting(4_000, 300))
                .isEqualTo(new ConsumerGroupTimeoutBounds(4_000, 60_000, 300, 15_000));
        assertThat(ConsumerGroupTimeoutBounds.admitting(90_000, 20_000))
                .isEqualTo(new ConsumerGroupTimeoutBounds(45_000, 90_000, 5_000, 20_000));
        assertThat(new ConsumerGroupConfig(4_000, 300, 10, List.of(new UniformAssignor())).bounds())
                .isEqualTo(ConsumerGroupTimeoutBounds.admitting(4_000, 300));
    }
}
