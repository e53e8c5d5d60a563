package io.hexalog.adapter.http.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One API's requests, as Kafka's {@code RequestMetrics}: how many were served, and a histogram of the time
 * each took in milliseconds ({@code TotalTimeMs}).
 */
final class RequestMeters {

    static final String REQUESTS = "kafka.network.requestmetrics.requests";
    static final String TOTAL_TIME_MS = "kafka.network.requestmetrics.totaltimems";
    /**
     * Bucket bounds in milliseconds: appends of a millisecond up to fetches parked for their max wait. Whole
     * numbers, as Micrometer's histogram rounds what it counts up to a whole number (the sum stays exact).
     */
    private static final double[] BUCKETS_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    private static final double NANOS_PER_MS = 1_000_000.0;

    private final Counter requests;
    private final DistributionSummary totalTimeMs;

    RequestMeters(MeterRegistry registry, String api) {
        requests = Counter.builder(REQUESTS).description("Requests served, by API")
                .tag("request", api).register(registry);
        totalTimeMs = DistributionSummary.builder(TOTAL_TIME_MS)
                .description("Milliseconds from a request's parsing to its response being ready, by API")
                .serviceLevelObjectives(BUCKETS_MS)
                .tag("request", api).register(registry);
    }

    void completed(long latencyNanos) {
        requests.increment();
        totalTimeMs.record(latencyNanos / NANOS_PER_MS);
    }
}
