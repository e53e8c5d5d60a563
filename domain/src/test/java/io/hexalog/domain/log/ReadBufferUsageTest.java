package io.hexalog.domain.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadBufferUsageTest {

    @Test
    void shouldDescribeAStoreThatLendsNothingAsAllZeros() {
        assertThat(ReadBufferUsage.NONE).isEqualTo(new ReadBufferUsage(0, 0, 0, 0, 0));
    }

    @Test
    void shouldRefuseNegativeFigures() {
        assertThatThrownBy(() -> new ReadBufferUsage(-1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadBufferUsage(0, 0, 0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadBufferUsage(0, 0, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseMoreBuffersInUseThanAllocated() {
        assertThatThrownBy(() -> new ReadBufferUsage(8, 1, 2, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("2 buffers in use of only 1 allocated");
    }
}
