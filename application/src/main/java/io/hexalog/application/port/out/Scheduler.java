package io.hexalog.application.port.out;

import java.time.Duration;

/**
 * Runs tasks later on the broker's timer: fetch timeouts, group session and rebalance timeouts, retention
 * and offset expiry. Time is the scheduler's own, so that tests can move it by hand.
 *
 * <ul>
 *   <li>A task runs once, never before its delay has passed since it was scheduled; a zero or negative
 *       delay makes it due at once.</li>
 *   <li>Tasks run one at a time, in the order they fall due; tasks due at the same moment run in the order
 *       they were scheduled. Two tasks scheduled one after the other with the same delay therefore run in
 *       that order.</li>
 *   <li>A task that throws does not stop the scheduler: the tasks after it still run. How the failure is
 *       reported is the implementation's choice.</li>
 *   <li>{@link #schedule} and {@link Cancellable#cancel} may be called from any thread at any time,
 *       including from a running task, which may schedule further tasks.</li>
 * </ul>
 */
public interface Scheduler {

    /** Runs {@code task} once when {@code delay} has passed, unless it is cancelled before it starts. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {

        /**
         * Calls the task off if it has not started, even if it is already due; it will then never run.
         * Cancelling a task that is running or has run does nothing, and so does cancelling twice.
         */
        void cancel();
    }
}
