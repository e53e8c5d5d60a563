package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.out.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A timer that only moves when a test advances it, so that timeouts are deterministic. */
final class ManualScheduler implements Scheduler {

    private final List<Task> tasks = new ArrayList<>();
    private long nowNanos;

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(nowNanos + delay.toNanos(), task);
        tasks.add(scheduled);
        return () -> cancel(scheduled);
    }

    private synchronized void cancel(Task task) {
        tasks.remove(task);
    }

    /** Moves time forward and runs, in due order, every task that has become due. */
    void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowNanos + duration.toNanos();
        }
        while (true) {
            Task due;
            synchronized (this) {
                due = tasks.stream().filter(task -> task.dueNanos <= target)
                        .min(Comparator.comparingLong(Task::dueNanos)).orElse(null);
                if (due == null) {
                    nowNanos = target;
                    return;
                }
                tasks.remove(due);
                nowNanos = due.dueNanos;
            }
            due.action.run();
        }
    }

    synchronized int pendingTasks() {
        return tasks.size();
    }

    private record Task(long dueNanos, Runnable action) {
    }
}
