package io.hexalog.benchmarks.load;

import org.HdrHistogram.Histogram;

/** Latencies in microseconds, from 1 µs to an hour at three significant digits. */
final class LatencyHistogram {

    private static final long MAX_MICROS = 3_600_000_000L;

    private final Histogram histogram = new Histogram(1, MAX_MICROS, 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(MAX_MICROS, nanos / 1_000)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The latency at {@code percentile} (0-100) in milliseconds. */
    double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }
}
