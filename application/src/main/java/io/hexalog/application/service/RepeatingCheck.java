package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Work that runs again and again in the background: the first run one interval after {@link #start()}, each
 * following one an interval after the previous has <em>ended</em>, so that runs never overlap however long
 * one takes, until {@link #stop()}.
 */
final class RepeatingCheck {

    private final Scheduler scheduler;
    private final Duration interval;
    private final Supplier<? extends CompletableFuture<?>> check;
    private Scheduler.Cancellable next;
    private boolean running;

    /** @param check one run; the next is scheduled once its future completes, normally or not */
    RepeatingCheck(Scheduler scheduler, Duration interval, Supplier<? extends CompletableFuture<?>> check) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.check = check;
    }

    synchronized void start() {
        running = true;
        scheduleNext();
    }

    synchronized void stop() {
        running = false;
        if (next != null) {
            next.cancel();
        }
    }

    private synchronized void scheduleNext() {
        if (running) {
            next = scheduler.schedule(interval, () -> check.get().whenComplete((ignored, failure) -> scheduleNext()));
        }
    }
}
