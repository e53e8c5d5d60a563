package io.hexalog.adapter.replication.ratis.internal;

import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnrecordedRatisMetricsTest {

    private static final MetricRegistryInfo LOG_WORKER =
            new MetricRegistryInfo("node-1@group-1", "ratis", "log_worker", "Ratis' log worker");

    @Test
    void shouldBeTheRegistriesRatisFindsThroughItsServiceLoader() {
        assertThat(MetricRegistries.global()).isInstanceOf(UnrecordedRatisMetrics.class);
    }

    @Test
    void shouldGiveTheSameRegistryForTheSameInfoUntilItIsRemoved() {
        UnrecordedRatisMetrics registries = new UnrecordedRatisMetrics();

        RatisMetricRegistry created = registries.create(LOG_WORKER);

        assertThat(registries.create(LOG_WORKER)).isSameAs(created);
        assertThat(registries.get(LOG_WORKER)).containsSame(created);
        assertThat(registries.getMetricRegistryInfos()).containsExactly(LOG_WORKER);
        assertThat(registries.remove(LOG_WORKER)).isTrue();
        assertThat(registries.get(LOG_WORKER)).isEmpty();
        assertThat(registries.remove(LOG_WORKER)).isFalse();
    }

    @Test
    void shouldCountWithCountersAndTellHowLongATimerRan() throws InterruptedException {
        RatisMetricRegistry registry = new UnrecordedRatisMetrics().create(LOG_WORKER);
        LongCounter flushes = registry.counter("flushCount");
        flushes.inc();
        flushes.inc(4);
        flushes.dec();

        Timekeeper.Context context = registry.timer("flushTime").time();
        Thread.sleep(2);

        assertThat(registry.counter("flushCount").getCount()).isEqualTo(4);
        assertThat(context.stop()).isGreaterThanOrEqualTo(2_000_000L);
    }
}
