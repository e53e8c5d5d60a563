package io.hexalog.adapter.protocol.kafka;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Log lines a client can cause, at most {@code linesPerInterval} per cause in each interval, so that a
 * flood of bad connections costs a few lines rather than gigabytes of disk. A cause is a fixed key chosen by
 * the code ("frame size", "unparsable request"), never text from a client, so there are few of them. Lines
 * past the limit are counted, not written; the first line of the cause once its next interval begins says
 * how many were left out: {@code ... (K similar messages suppressed)}. Safe to share between threads.
 */
final class RateLimitedLog {

    /** Ten lines per cause per minute: enough to see who misbehaves and how, little enough for any flood. */
    static final int DEFAULT_LINES_PER_INTERVAL = 10;
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final int linesPerInterval;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    RateLimitedLog(int linesPerInterval, Duration interval, LongSupplier nanoTime) {
        if (linesPerInterval < 1) {
            throw new IllegalArgumentException("lines per interval must be positive: " + linesPerInterval);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.linesPerInterval = linesPerInterval;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The limit a listener uses: {@value #DEFAULT_LINES_PER_INTERVAL} lines per cause per minute. */
    static RateLimitedLog perListener() {
        return new RateLimitedLog(DEFAULT_LINES_PER_INTERVAL, DEFAULT_INTERVAL, System::nanoTime);
    }

    /** Logs at WARN on {@code logger} unless {@code cause} has used up its lines for this interval. */
    void warn(Logger logger, String cause, String format, Object... arguments) {
        if (logger.isWarnEnabled()) {
            long suppressed = admit(cause);
            if (suppressed >= 0) {
                logger.warn(withSuppressed(format, suppressed), withSuppressed(arguments, suppressed));
            }
        }
    }

    /** Logs at ERROR on {@code logger} unless {@code cause} has used up its lines for this interval. */
    void error(Logger logger, String cause, String format, Object... arguments) {
        if (logger.isErrorEnabled()) {
            long suppressed = admit(cause);
            if (suppressed >= 0) {
                logger.error(withSuppressed(format, suppressed), withSuppressed(arguments, suppressed));
            }
        }
    }

    /** Logs at INFO on {@code logger} unless {@code cause} has used up its lines for this interval. */
    void info(Logger logger, String cause, String format, Object... arguments) {
        if (logger.isInfoEnabled()) {
            long suppressed = admit(cause);
            if (suppressed >= 0) {
                logger.info(withSuppressed(format, suppressed), withSuppressed(arguments, suppressed));
            }
        }
    }

    /** -1 if the line is to be left out, else how many lines of the cause were left out before it. */
    private long admit(String cause) {
        return windows.computeIfAbsent(cause, key -> new Window()).admit(nanoTime.getAsLong());
    }

    private static String withSuppressed(String format, long suppressed) {
        return suppressed == 0 ? format : format + " ({} similar messages suppressed)";
    }

    private static Object[] withSuppressed(Object[] arguments, long suppressed) {
        if (suppressed == 0) {
            return arguments;
        }
        Object[] extended = Arrays.copyOf(arguments, arguments.length + 1);
        extended[arguments.length] = suppressed;
        return extended;
    }

    /** One cause's current interval. */
    private final class Window {

        private boolean started;
        private long start;
        private int written;
        private long suppressed;

        synchronized long admit(long now) {
            long reported = 0;
            if (!started || now - start >= intervalNanos) {
                started = true;
                start = now;
                written = 0;
                reported = suppressed;
                suppressed = 0;
            }
            if (written == linesPerInterval) {
                suppressed++;
                return -1;
            }
            written++;
            return reported;
        }
    }
}
