package io.hexalog.application.fake;

import io.hexalog.application.port.out.Scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scheduler whose time moves only when a test calls {@link #advance}; tasks run on the caller's thread.
 * It keeps the {@link Scheduler} contract ({@code ManualSchedulerFakeTest} runs the contract suite), so a service
 * tested on it behaves the same on the broker's real timer.
 */
public final class ManualSchedulerFake implements Scheduler {

    private final List<Task> tasks = new ArrayList<>();
    private long nowMillis;
    private long sequence;

    private final class Task implements Cancellable {
        private final long dueMillis;
        private final long order;
        private final Runnable action;

        private Task(long dueMillis, long order, Runnable action) {
            this.dueMillis = dueMillis;
            this.order = order;
            this.action = action;
        }

        @Override
        public void cancel() {
            synchronized (ManualSchedulerFake.this) {
                tasks.remove(this);
            }
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(nowMillis + Math.max(0, delay.toMillis()), sequence++, task);
        tasks.add(scheduled);
        return scheduled;
    }

    /**
     * Moves time forward and runs, in due order, every task due by then that was not cancelled, including
     * tasks that those tasks schedule. A task that throws does not stop the others: once every due task has
     * run, the first failure is rethrown, with any later ones attached as suppressed.
     */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowMillis + duration.toMillis();
        }
        RuntimeException failure = null;
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(task -> task.dueMillis <= target)
                        .min(Comparator.comparingLong((Task task) -> task.dueMillis).thenComparingLong(task -> task.order))
                        .orElse(null);
                if (next == null) {
                    nowMillis = target;
                    break;
                }
                tasks.remove(next);
                nowMillis = next.dueMillis;
            }
            try {
                next.action.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A clock that reads this scheduler's time, for services that take the time from a clock. */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("The manual clock has no time zone");
            }

            @Override
            public Instant instant() {
                synchronized (ManualSchedulerFake.this) {
                    return Instant.ofEpochMilli(nowMillis);
                }
            }
        };
    }

    /** How many tasks wait to run. */
    public synchronized int pendingTasks() {
        return tasks.size();
    }
}
