package io.hexalog.adapter.replication.ratis.internal;

import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.util.TimeDuration;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Ratis' metric registries, as Ratis finds them through its service loader, that record no timing: the broker
 * exports none of Ratis' metrics (its own are counted at the Kafka listener, ADR 9), and Ratis' default registries
 * update a decaying sample, under a lock, for every log entry each node writes, sends, receives and applies.
 * Counters still count, since they cost an addition, and a timer's context still answers how long it ran.
 */
public final class UnrecordedRatisMetrics extends MetricRegistries {

    private final Map<MetricRegistryInfo, RatisMetricRegistry> registries = new ConcurrentHashMap<>();

    /** Made by Ratis' service loader. */
    public UnrecordedRatisMetrics() {
    }

    @Override
    public void clear() {
        registries.clear();
    }

    @Override
    public RatisMetricRegistry create(MetricRegistryInfo info) {
        return registries.computeIfAbsent(info, Registry::new);
    }

    @Override
    public boolean remove(MetricRegistryInfo info) {
        return registries.remove(info) != null;
    }

    @Override
    public Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
        return Optional.ofNullable(registries.get(info));
    }

    @Override
    public Set<MetricRegistryInfo> getMetricRegistryInfos() {
        return Set.copyOf(registries.keySet());
    }

    @Override
    public Collection<RatisMetricRegistry> getMetricRegistries() {
        return List.copyOf(registries.values());
    }

    /** Nothing reports these registries. */
    @Override
    public void addReporterRegistration(Consumer<RatisMetricRegistry> reporter,
                                        Consumer<RatisMetricRegistry> stopReporter) {
    }

    @Override
    public void enableJmxReporter() {
    }

    @Override
    public void enableConsoleReporter(TimeDuration consoleReportRate) {
    }

    /** One registry: counters that count, timers and gauges that keep nothing. */
    private static final class Registry implements RatisMetricRegistry {

        private final MetricRegistryInfo info;
        private final Map<String, LongCounter> counters = new ConcurrentHashMap<>();

        Registry(MetricRegistryInfo info) {
            this.info = info;
        }

        @Override
        public Timekeeper timer(String name) {
            return ElapsedOnly.TIMER;
        }

        @Override
        public LongCounter counter(String name) {
            return counters.computeIfAbsent(name, unused -> new Counter());
        }

        @Override
        public boolean remove(String name) {
            return counters.remove(name) != null;
        }

        @Override
        public <T> void gauge(String name, Supplier<Supplier<T>> gaugeSupplier) {
        }

        @Override
        public MetricRegistryInfo getMetricRegistryInfo() {
            return info;
        }
    }

    /** A timer whose contexts measure how long they ran, and record it nowhere. */
    private enum ElapsedOnly implements Timekeeper {
        TIMER;

        @Override
        public Context time() {
            long start = System.nanoTime();
            return () -> System.nanoTime() - start;
        }
    }

    private static final class Counter implements LongCounter {

        private final LongAdder count = new LongAdder();

        @Override
        public void inc(long n) {
            count.add(n);
        }

        @Override
        public void dec(long n) {
            count.add(-n);
        }

        @Override
        public long getCount() {
            return count.sum();
        }
    }
}
