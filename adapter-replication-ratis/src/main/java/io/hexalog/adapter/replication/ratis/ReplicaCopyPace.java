package io.hexalog.adapter.replication.ratis;

import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a node that copies its replicas from the shard leaders (ADR 14) under a number of bytes a second, so that a
 * node rebuilt from an empty data directory does not take the leaders' disks and network from the clients they
 * serve. One pace serves every shard of the node, whose copies run side by side.
 *
 * <p>The copiers ask for their batches a chunk at a time and tell the pace what each chunk held. Each chunk takes
 * its turn on the node's line at the rate: its turn ends {@code bytes / rate} after the previous chunk's turn ended,
 * or, if the line was free, after the chunk could have begun arriving at the rate. The copier waits until its
 * chunk's turn ends. A line left free is not saved up: a copy that was slow, or paused, does not burst after.
 * Unlimited, the pace never waits. Closed (the node is stopping), it wakes every copier that waits and stops any
 * that would.
 */
final class ReplicaCopyPace implements AutoCloseable {

    /** The smallest chunk asked for under a low rate: smaller ones would cost more in round trips than they save. */
    static final int MIN_CHUNK_BYTES = 64 * 1024;

    /** Waits a number of nanoseconds, or less if the pace is closed meanwhile; a test's fake one moves its clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long bytesPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final Runnable wakeSleepers;
    private volatile boolean closed;
    /** When the last chunk's turn ends, on {@link #nanoClock}. */
    private long lineFreeAt;

    /**
     * @param bytesPerSecond the most bytes of batches to copy a second; 0 for no limit
     * @param nanoClock      a monotonic clock in nanoseconds ({@link System#nanoTime})
     * @param wakeSleepers   ends every {@link Sleeper#sleep} in progress, when the pace is closed
     */
    ReplicaCopyPace(long bytesPerSecond, LongSupplier nanoClock, Sleeper sleeper, Runnable wakeSleepers) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("The replica copy rate must be 0 (no limit) or more, was "
                    + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.wakeSleepers = wakeSleepers;
        this.lineFreeAt = nanoClock.getAsLong();
    }

    /** A pace on the system's clock, whose waits end early when it is closed. */
    static ReplicaCopyPace of(long bytesPerSecond) {
        CountDownLatch closing = new CountDownLatch(1);
        return new ReplicaCopyPace(bytesPerSecond, System::nanoTime,
                nanos -> closing.await(nanos, TimeUnit.NANOSECONDS), closing::countDown);
    }

    /**
     * How many bytes of batches to ask for at a time: {@code maxChunkBytes}, or under a rate, about a quarter of a
     * second's worth, so that the copy goes at an even pace rather than in bursts of a whole chunk.
     */
    int chunkBytes(int maxChunkBytes) {
        if (bytesPerSecond == 0) {
            return maxChunkBytes;
        }
        return (int) Math.min(maxChunkBytes, Math.max(MIN_CHUNK_BYTES, bytesPerSecond / 4));
    }

    /**
     * Counts the bytes of a chunk that just arrived and waits until its turn at the rate ends.
     *
     * @throws InterruptedIOException if the pace is closed, before or during the wait, or the wait is interrupted
     */
    void copied(long bytes) throws InterruptedIOException {
        requireOpen();
        if (bytesPerSecond == 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        long turnEnds = take(now, (long) ((double) bytes / bytesPerSecond * TimeUnit.SECONDS.toNanos(1)));
        if (turnEnds - now > 0) {
            try {
                sleeper.sleep(turnEnds - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Stopped copying replicas while keeping to "
                        + bytesPerSecond + " bytes a second");
            }
            requireOpen();
        }
    }

    /** Ends the copies: those waiting their turn stop at once, and those still running at their next chunk. */
    @Override
    public void close() {
        closed = true;
        wakeSleepers.run();
    }

    /** How fast the copies go, for the log. */
    @Override
    public String toString() {
        return bytesPerSecond == 0 ? "as fast as the leader answers"
                : "at most " + bytesPerSecond + " bytes of batches a second";
    }

    private void requireOpen() throws InterruptedIOException {
        if (closed) {
            throw new InterruptedIOException("This node is stopping: its replica copy ends");
        }
    }

    /** Gives a chunk that arrived at {@code now} its turn of {@code turnNanos}; returns when the turn ends. */
    private synchronized long take(long now, long turnNanos) {
        long begins = Math.max(lineFreeAt, now - turnNanos);
        lineFreeAt = begins + turnNanos;
        return lineFreeAt;
    }
}
