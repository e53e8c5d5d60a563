package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateTopicCommandTest {

    private static final TopicName ORDERS = TopicName.of("orders");

    @ParameterizedTest
    @ValueSource(ints = {0, -1, -3})
    void shouldRefuseAPartitionCountBelowOne(int partitions) {
        assertThatThrownBy(() -> new CreateTopicCommand(ORDERS, OptionalInt.of(partitions), OptionalInt.empty(),
                Map.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, -3})
    void shouldRefuseAReplicationFactorBelowOne(int replicationFactor) {
        assertThatThrownBy(() -> new CreateTopicCommand(ORDERS, OptionalInt.empty(), OptionalInt.of(replicationFactor),
                Map.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldLeaveTheBrokerDefaultsToTheBrokerWhenNeitherIsGiven() {
        CreateTopicCommand command = CreateTopicCommand.withDefaults(ORDERS);

        assertThat(command.partitions()).isEmpty();
        assertThat(command.replicationFactor()).isEmpty();
    }
}
