package io.hexalog.benchmarks.load;

/**
 * What the brokers spent on one phase of a run, per gigabyte (10^9 bytes of record keys and values, the bytes
 * the load tool counts for its MB/s) that the phase moved.
 *
 * @param ticks          user plus system clock ticks of the broker processes during the phase
 * @param ticksPerSecond the kernel's clock ticks per second
 * @param bytes          record bytes produced or consumed in the phase
 */
record BrokerCpuCost(long ticks, long ticksPerSecond, long bytes) {

    private static final double BYTES_PER_GIGABYTE = 1e9;

    BrokerCpuCost {
        if (ticks < 0 || bytes < 0) {
            throw new IllegalArgumentException("ticks and bytes cannot be negative: " + ticks + ", " + bytes);
        }
        if (ticksPerSecond < 1) {
            throw new IllegalArgumentException("clock ticks per second must be positive, not " + ticksPerSecond);
        }
    }

    /** The cost of a phase from the brokers' CPU ticks read right before and right after it. */
    static BrokerCpuCost between(long ticksBefore, long ticksAfter, long ticksPerSecond, long bytes) {
        return new BrokerCpuCost(ticksAfter - ticksBefore, ticksPerSecond, bytes);
    }

    double seconds() {
        return (double) ticks / ticksPerSecond;
    }

    /** CPU seconds per 10^9 bytes moved; not a number when the phase moved nothing. */
    double secondsPerGigabyte() {
        return bytes == 0 ? Double.NaN : seconds() / (bytes / BYTES_PER_GIGABYTE);
    }
}
