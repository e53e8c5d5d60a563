package io.hexalog.bootstrap;

import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The broker's one answer to a fatal error, an {@link Error} such as {@link OutOfMemoryError} wherever it
 * surfaces (a thread it ended, a scheduled task, the Kafka listener) or a listener that stopped on its own:
 * one ERROR line naming the cause, then the process exits with {@link #EXIT_CODE}, so that a supervisor
 * restarts it. A broker that stays up after such an error may have lost a thread that nothing replaces (the
 * listener's acceptor, the storage writer) and would serve nothing while looking alive.
 *
 * <p>The exit is orderly first (shutdown hooks close the listener and the storage), on a thread of its own so
 * that the thread that met the error is free to end, as the hooks may wait for it. After an out-of-memory
 * error the hooks may hang, so the process is halted if it has not exited {@link #HALT_AFTER} later, or at
 * once if no thread can be started. Only the first fatal error is logged and acted on.
 *
 * <p>A broker started in process ({@link HexalogBroker#startInProcess}) shares its JVM with other work, such
 * as a user's tests, which an exit would end without a word: its policy logs the same line and hands the error
 * to a {@link HexalogBroker.FatalErrorListener} instead, which fails loudly where the broker is used.
 *
 * <p>An exception (not an error) that ends a thread or fails a scheduled task is a bug but not a reason to
 * stop: it is logged at ERROR with its stack trace and the broker goes on (a pool replaces its thread, the
 * timer runs its next task).
 */
final class FatalErrorPolicy implements Thread.UncaughtExceptionHandler, KafkaProtocolAdapter.FatalErrorHandler {

    /** EX_SOFTWARE of sysexits.h: distinct from 1 (cannot start), 130 and 143 (stopped by a signal). */
    static final int EXIT_CODE = 70;
    static final Duration HALT_AFTER = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrorPolicy.class);

    /** How the process ends; {@link Runtime} outside tests. */
    interface Exit {

        /** Runs the shutdown hooks, then ends the process; may never return. */
        void exit(int status);

        /** Ends the process at once, without shutdown hooks. */
        void halt(int status);
    }

    private final String outcome;
    private final HexalogBroker.FatalErrorListener reaction;
    private final AtomicBoolean stopping = new AtomicBoolean();

    FatalErrorPolicy(Exit exit, Duration haltAfter) {
        this("the broker exits with code " + EXIT_CODE, exiting(exit, haltAfter));
    }

    private FatalErrorPolicy(String outcome, HexalogBroker.FatalErrorListener reaction) {
        this.outcome = outcome;
        this.reaction = reaction;
    }

    /** The policy of a broker in process: the JVM goes on, and {@code listener} is told. */
    static FatalErrorPolicy reportingTo(HexalogBroker.FatalErrorListener listener) {
        Objects.requireNonNull(listener, "listener");
        return new FatalErrorPolicy("the broker in process may no longer serve; the JVM goes on", listener);
    }

    /** The policy that ends this JVM. */
    static FatalErrorPolicy exitingThisProcess() {
        Runtime runtime = Runtime.getRuntime();
        return new FatalErrorPolicy(new Exit() {
            @Override
            public void exit(int status) {
                runtime.exit(status);
            }

            @Override
            public void halt(int status) {
                runtime.halt(status);
            }
        }, HALT_AFTER);
    }

    @Override
    public void onFatalError(String what, Throwable cause) {
        stop(what, cause);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        if (failure instanceof Error) {
            stop("in thread " + thread.getName(), failure);
        } else {
            LOG.error("Uncaught exception in thread {}; the broker goes on", thread.getName(), failure);
        }
    }

    /** Whether a fatal error was met; the process is on its way out. */
    boolean stopping() {
        return stopping.get();
    }

    private void stop(String what, Throwable cause) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        try {
            LOG.error("Fatal error ({}): {}; {}", what, cause, outcome, cause);
        } catch (Throwable logging) {
            // Out of memory, even the log line may fail; reacting matters more.
        }
        reaction.onFatalError(what, cause);
    }

    private static HexalogBroker.FatalErrorListener exiting(Exit exit, Duration haltAfter) {
        Objects.requireNonNull(exit, "exit");
        Objects.requireNonNull(haltAfter, "haltAfter");
        return (what, cause) -> {
            try {
                startDaemon("hexalog-fatal-halt", () -> haltLater(exit, haltAfter));
                startDaemon("hexalog-fatal-exit", () -> exit.exit(EXIT_CODE));
            } catch (Throwable noThread) {
                exit.halt(EXIT_CODE);
            }
        };
    }

    private static void haltLater(Exit exit, Duration haltAfter) {
        try {
            Thread.sleep(haltAfter.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exit.halt(EXIT_CODE);
    }

    private static void startDaemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
