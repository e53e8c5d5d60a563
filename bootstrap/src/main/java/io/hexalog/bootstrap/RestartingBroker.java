package io.hexalog.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The broker a process runs, started again in the same process when it says that only a restart lets it go on
 * following its cluster ({@link HexalogBroker#whenRestartNeeded}), as an operator would otherwise restart it by hand.
 *
 * <p>A restart is what a stop and a start of the process would be: the broker shuts down as on SIGTERM (a node hands
 * the groups it leads to others first), then starts again on the same configuration. It comes no sooner than
 * {@code minimumUptime} after the broker's last start, so that a cause a restart does not heal restarts the broker
 * at that pace rather than in a tight loop. A broker that cannot start again is not tried again: the process should
 * end as a failed start does ({@link #whenRestartFailed}).
 *
 * <p>Restarts run on a thread of their own, never on the thread that told of the need (Ratis' own, which the
 * shutdown would wait for).
 */
final class RestartingBroker {

    /** What a restart needs of a running broker. */
    interface Node {

        /** Completes, with why, once only a restart lets the broker go on following its cluster. */
        CompletableFuture<String> whenRestartNeeded();

        /** Stops the broker as the process's own stop does; returns what {@link HexalogBroker#shutDown} does. */
        int shutDown();
    }

    private static final Logger LOG = LoggerFactory.getLogger(RestartingBroker.class);

    private final Supplier<? extends Node> starter;
    private final long minimumUptimeNanos;
    private final ScheduledExecutorService restarts;
    private final CompletableFuture<String> restartFailed = new CompletableFuture<>();
    /** The running broker; null once stopped or after a failed restart. Guarded by this. */
    private Node current;
    /** When {@link #current} started, by {@link System#nanoTime}. Guarded by this. */
    private long startedAt;
    /** How many times the broker was started again. Guarded by this. */
    private int restartCount;

    /**
     * @param started       the broker the process started
     * @param starter       starts the broker again on the same configuration; throws as a first start does
     * @param minimumUptime how long, at least, a broker runs before it is restarted
     */
    RestartingBroker(Node started, Supplier<? extends Node> starter, Duration minimumUptime) {
        this.current = Objects.requireNonNull(started, "started");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.minimumUptimeNanos = minimumUptime.toNanos();
        this.startedAt = System.nanoTime();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "hexalog-restart");
            thread.setDaemon(true);
            return thread;
        });
        // a restart waiting for the broker's minimum uptime is dropped when the process stops
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.restarts = executor;
        watch(started);
    }

    private void watch(Node node) {
        node.whenRestartNeeded().thenAcceptAsync(reason -> restartLater(node, reason), restarts);
    }

    private synchronized void restartLater(Node node, String reason) {
        if (node != current) {
            return;
        }
        long wait = Math.max(0, startedAt + minimumUptimeNanos - System.nanoTime());
        if (wait > 0) {
            LOG.warn("This broker must start again ({}); it restarts in this process in {} ms, once it has run for "
                    + "{} ms since its last start", reason, TimeUnit.NANOSECONDS.toMillis(wait),
                    TimeUnit.NANOSECONDS.toMillis(minimumUptimeNanos));
        }
        restarts.schedule(() -> restart(node, reason), wait, TimeUnit.NANOSECONDS);
    }

    private synchronized void restart(Node node, String reason) {
        if (node != current) {
            return;
        }
        LOG.warn("Restarting this broker in this process: {}", reason);
        node.shutDown();
        current = null;
        Node started;
        try {
            started = starter.get();
        } catch (RuntimeException e) {
            LOG.error("The broker could not start again: {}", e.getMessage(), e);
            restartFailed.complete(String.valueOf(e.getMessage()));
            restarts.shutdown();
            return;
        }
        current = started;
        startedAt = System.nanoTime();
        restartCount++;
        LOG.info("The broker started again in this process ({} restart{} since the process started)", restartCount,
                restartCount == 1 ? "" : "s");
        watch(started);
    }

    /** Completes, with why, once a restart could not start the broker again: it no longer runs. */
    CompletableFuture<String> whenRestartFailed() {
        return restartFailed.copy();
    }

    /** How many times the broker was started again. */
    synchronized int restarts() {
        return restartCount;
    }

    /**
     * Stops the running broker, waiting for a restart under way to end first, and restarts it no more.
     *
     * @return what the running broker's {@link Node#shutDown} returned; 0 if none runs
     */
    int shutDown() {
        restarts.shutdown();
        synchronized (this) {
            Node node = current;
            current = null;
            return node == null ? 0 : node.shutDown();
        }
    }
}
