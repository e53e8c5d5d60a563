package io.hexalog.application.port.out;

import java.time.Duration;

/** Runs tasks later on the broker's timer; lets tests drive time by hand. */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
