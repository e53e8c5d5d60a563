package io.hexalog.adapter.scheduler.jdk;

import io.hexalog.application.port.out.Scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The broker's timer: a {@link java.util.concurrent.ScheduledExecutorService} with one daemon thread, so
 * tasks run one at a time in the order they fall due, on the JVM's monotonic clock.
 *
 * <p>A cancelled task leaves the queue at once: a fetch that parks with a long max wait and is answered by
 * an append must not leave its timeout behind. A task that throws is handed to the uncaught-exception
 * handler the scheduler was built with (by default the JVM's: the thread group's, a stack trace on standard
 * error unless a default handler is set), and the next task runs. The broker passes its own, which logs an
 * exception and stops the process on an {@link Error}.
 *
 * <p>Closing discards the waiting tasks, interrupts a running one and waits for it to end, so that nothing
 * scheduled runs against storage that is closed next. A closed scheduler refuses new tasks with
 * {@link RejectedExecutionException}.
 */
public final class ScheduledExecutorScheduler implements Scheduler, AutoCloseable {

    static final String THREAD_NAME = "hexalog-scheduler";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final ScheduledThreadPoolExecutor executor;
    private final Thread.UncaughtExceptionHandler failedTasks;

    public ScheduledExecutorScheduler() {
        this((thread, failure) -> thread.getThreadGroup().uncaughtException(thread, failure));
    }

    /** A scheduler that hands the failure of a task to {@code failedTasks}, with the scheduler's thread. */
    public ScheduledExecutorScheduler(Thread.UncaughtExceptionHandler failedTasks) {
        this.failedTasks = Objects.requireNonNull(failedTasks, "failedTasks");
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        // The executor counts a negative delay as zero; the conversion saturates instead of overflowing.
        long nanos = TimeUnit.NANOSECONDS.convert(delay);
        ScheduledFuture<?> future = executor.schedule(() -> runReportingFailure(task), nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private void runReportingFailure(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error failure) {
            failedTasks.uncaughtException(Thread.currentThread(), failure);
        }
    }

    /** How many tasks wait to run; a cancelled task is no longer counted. */
    int waitingTasks() {
        return executor.getQueue().size();
    }

    /** Discards the waiting tasks and waits up to ten seconds for a running one, which is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
