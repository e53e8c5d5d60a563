package io.hexalog.application.port.in;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetSpecTest {

    @Test
    void shouldRefuseANegativeTimestamp() {
        assertThatThrownBy(() -> new OffsetSpec.ForTimestamp(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptTheEpoch() {
        assertThat(new OffsetSpec.ForTimestamp(0).timestamp()).isZero();
    }
}
