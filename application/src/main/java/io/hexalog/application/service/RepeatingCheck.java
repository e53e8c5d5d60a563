package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Work that runs again and again in the background: the first run one interval after {@link #start()}, each
 * following one an interval after the previous has <em>ended</em>, so that runs never overlap however long
 * one takes, until {@link #stop()}. Work that {@linkplain #goingOnAtOnceWhile knows more is waiting} runs again
 * as soon as it ends instead.
 */
final class RepeatingCheck {

    private final Scheduler scheduler;
    private final Duration interval;
    private final Supplier<? extends CompletableFuture<?>> check;
    /** Whether what a run completed with says that more work waits, so that the next run starts at once. */
    private final Predicate<Object> moreWaiting;
    private Scheduler.Cancellable next;
    private boolean running;

    /** @param check one run; the next is scheduled once its future completes, normally or not */
    RepeatingCheck(Scheduler scheduler, Duration interval, Supplier<? extends CompletableFuture<?>> check) {
        this(scheduler, interval, check, result -> false);
    }

    private RepeatingCheck(Scheduler scheduler, Duration interval, Supplier<? extends CompletableFuture<?>> check,
                           Predicate<Object> moreWaiting) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.check = check;
        this.moreWaiting = moreWaiting;
    }

    /**
     * Work whose runs complete with whether more of it waits: after a run that says so, the next is due at once (it
     * still queues behind the scheduler's other due tasks); after one that does not, or fails, an interval later.
     * Runs that say so must make progress, or the work would never rest.
     */
    static RepeatingCheck goingOnAtOnceWhile(Scheduler scheduler, Duration interval,
                                             Supplier<CompletableFuture<Boolean>> check) {
        return new RepeatingCheck(scheduler, interval, check, Boolean.TRUE::equals);
    }

    synchronized void start() {
        running = true;
        scheduleNext(interval);
    }

    synchronized void stop() {
        running = false;
        if (next != null) {
            next.cancel();
        }
    }

    private synchronized void scheduleNext(Duration delay) {
        if (running) {
            next = scheduler.schedule(delay, () -> check.get().whenComplete((result, failure) ->
                    scheduleNext(failure == null && moreWaiting.test(result) ? Duration.ZERO : interval)));
        }
    }
}
