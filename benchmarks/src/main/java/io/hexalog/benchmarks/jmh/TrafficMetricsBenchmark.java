package io.hexalog.benchmarks.jmh;

import io.hexalog.adapter.http.admin.BrokerMetrics;
import io.hexalog.adapter.http.admin.HttpAdminAdapter;
import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.LogSizeQuery;
import io.hexalog.application.port.in.ReadBufferUsageQuery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

/**
 * What the Kafka listener's counting costs per request, the meters already made: a Produce of one partition
 * counts the request, its latency and the partition's records and bytes; a Fetch counts the request and the
 * bytes. Two threads count at once, as the two event loops of a two-core broker do. Compare the figures with
 * a request's round trip ({@link BrokerRoundTripBenchmark}: tens to hundreds of microseconds).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class TrafficMetricsBenchmark {

    private static final String TOPIC = "orders";
    private static final long LATENCY_NANOS = 180_000;

    private BrokerMetrics metrics;

    /** Metrics whose gauges are never read: nothing is scraped here. */
    @Setup
    public void createMetrics() {
        metrics = HttpAdminAdapter.metrics(new HttpAdminAdapter.MetricSources(unread(DescribeTopicsQuery.class),
                unread(LogSizeQuery.class), unread(ListOffsetsQuery.class), unread(DescribeGroupsQuery.class),
                unread(ConsumerGroupsQuery.class), unread(FetchOffsetsQuery.class), () -> 0,
                unread(ReadBufferUsageQuery.class), unread(DescribeClusterQuery.class)));
        produceRequest();
        fetchRequest();
    }

    @Benchmark
    public void produceRequest() {
        metrics.produced(TOPIC, 15, 16_384);
        metrics.requestCompleted("Produce", LATENCY_NANOS);
    }

    @Benchmark
    public void fetchRequest() {
        metrics.fetched(TOPIC, 1_048_576);
        metrics.requestCompleted("Fetch", LATENCY_NANOS);
    }

    private static <T> T unread(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new UnsupportedOperationException("the gauges are not read in this benchmark");
        }));
    }
}
