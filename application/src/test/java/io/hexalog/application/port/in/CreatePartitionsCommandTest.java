package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreatePartitionsCommandTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void shouldRefuseACountBelowOne(int count) {
        assertThatThrownBy(() -> new CreatePartitionsCommand(TopicName.of("orders"), count, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 12})
    void shouldAcceptACountOfAtLeastOne(int count) {
        assertThat(new CreatePartitionsCommand(TopicName.of("orders"), count, false).totalCount()).isEqualTo(count);
    }
}
