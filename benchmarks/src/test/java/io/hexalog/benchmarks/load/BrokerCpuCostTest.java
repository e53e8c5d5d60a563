package io.hexalog.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BrokerCpuCostTest {

    @Test
    void shouldTurnTicksIntoSecondsAtTheKernelsClockRate() {
        assertThat(new BrokerCpuCost(250, 100, 1).seconds()).isEqualTo(2.5);
        assertThat(new BrokerCpuCost(250, 250, 1).seconds()).isEqualTo(1.0);
    }

    @Test
    void shouldDivideTheSecondsByDecimalGigabytes() {
        // 1.5 s of broker CPU for 300 MB (3 x 10^8 bytes) is 5 s per 10^9 bytes.
        BrokerCpuCost cost = new BrokerCpuCost(150, 100, 300_000_000L);

        assertThat(cost.secondsPerGigabyte()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void shouldMeasureAPhaseFromTheReadingsAroundIt() {
        BrokerCpuCost cost = BrokerCpuCost.between(1_000, 1_042, 100, 102_400_000L);

        assertThat(cost.ticks()).isEqualTo(42);
        assertThat(cost.secondsPerGigabyte()).isCloseTo(0.42 / 0.1024, within(1e-9));
    }

    @Test
    void shouldHaveNoCostPerGigabyteForAPhaseThatMovedNothing() {
        assertThat(new BrokerCpuCost(10, 100, 0).secondsPerGigabyte()).isNaN();
    }

    @Test
    void shouldRefuseReadingsThatGoBackwards() {
        assertThatThrownBy(() -> BrokerCpuCost.between(1_042, 1_000, 100, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
