package io.hexalog.adapter.protocol.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * What must happen once a request's response has left the broker: written to the socket, or never to be
 * written because the connection closed first (or because the request gets no response, such as a Produce
 * with acks=0). A fetch gives its bytes back to the {@link FetchMemoryBudget} this way.
 *
 * <p>Thread-safe: a handler may add an action from any thread; the connection runs them on its event loop.
 */
final class AfterResponse {

    private List<Runnable> actions = new ArrayList<>();

    /**
     * Adds an action to run when the response is done with.
     *
     * @return false, keeping nothing, when that has already happened: the caller runs the action itself
     */
    synchronized boolean add(Runnable action) {
        if (actions == null) {
            return false;
        }
        actions.add(action);
        return true;
    }

    /** Whether the response is done with: nothing done for it from now on reaches the client. */
    synchronized boolean isDone() {
        return actions == null;
    }

    /** Runs every action added, once; later calls do nothing. */
    void run() {
        List<Runnable> toRun;
        synchronized (this) {
            if (actions == null) {
                return;
            }
            toRun = actions;
            actions = null;
        }
        toRun.forEach(Runnable::run);
    }
}
