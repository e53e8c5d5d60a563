package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hexalog.adapter.scheduler.jdk.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FatalErrorPolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingExit exit = new RecordingExit();
    private final Logger logger = (Logger) LoggerFactory.getLogger(FatalErrorPolicy.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    FatalErrorPolicyTest() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void detachLog() {
        logger.detachAppender(log);
    }

    @Test
    void shouldLogOneErrorLineWithTheCauseAndExitWithItsOwnCode() throws Exception {
        // given
        FatalErrorPolicy policy = new FatalErrorPolicy(exit, WAIT);

        // when
        policy.onFatalError("serving Fetch", new OutOfMemoryError("Java heap space"));

        // then
        assertThat(exit.awaitExit()).isEqualTo(FatalErrorPolicy.EXIT_CODE);
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).isEqualTo("Fatal error (serving Fetch): "
                    + "java.lang.OutOfMemoryError: Java heap space; the broker exits with code 70");
        });
        assertThat(FatalErrorPolicy.EXIT_CODE).isNotIn(0, 1, 130, 143);
    }

    @Test
    void shouldActOnTheFirstFatalErrorOnly() throws Exception {
        // given
        FatalErrorPolicy policy = new FatalErrorPolicy(exit, WAIT);
        policy.onFatalError("serving Fetch", new OutOfMemoryError("Java heap space"));
        exit.awaitExit();

        // when
        policy.uncaughtException(new Thread("hexalog-storage-1"), new OutOfMemoryError("Java heap space"));
        policy.onFatalError("accepting connections", new IllegalStateException("closed"));

        // then
        Thread.sleep(100);
        assertThat(exit.exits).hasSize(1);
        assertThat(log.list).hasSize(1);
    }

    @Test
    void shouldHaltWhenTheOrderlyExitDoesNotFinish() throws Exception {
        // given shutdown hooks that hang, as they may after running out of memory
        exit.hangOnExit();
        FatalErrorPolicy policy = new FatalErrorPolicy(exit, Duration.ofMillis(50));

        // when
        policy.onFatalError("serving Produce", new OutOfMemoryError("Java heap space"));

        // then
        assertThat(exit.awaitHalt()).isEqualTo(FatalErrorPolicy.EXIT_CODE);
    }

    @Test
    void shouldStopOnAnErrorThatEndsAThread() throws Exception {
        // given
        FatalErrorPolicy policy = new FatalErrorPolicy(exit, WAIT);
        Thread thread = new Thread(() -> {
            throw new StackOverflowError();
        }, "hexalog-rocksdb-writer");
        thread.setUncaughtExceptionHandler(policy);

        // when
        thread.start();

        // then
        assertThat(exit.awaitExit()).isEqualTo(FatalErrorPolicy.EXIT_CODE);
        assertThat(log.list.get(0).getFormattedMessage()).startsWith("Fatal error (in thread hexalog-rocksdb-writer): "
                + "java.lang.StackOverflowError");
    }

    @Test
    void shouldLogAnExceptionThatEndsAThreadAndGoOn() throws Exception {
        // given
        FatalErrorPolicy policy = new FatalErrorPolicy(exit, WAIT);

        // when
        policy.uncaughtException(new Thread("hexalog-storage-2"), new IllegalStateException("a bug"));

        // then
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).isEqualTo("Uncaught exception in thread hexalog-storage-2; the broker goes on");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("a bug");
        });
        assertThat(policy.stopping()).isFalse();
        Thread.sleep(100);
        assertThat(exit.exits).isEmpty();
    }

    @Test
    void shouldStopWhenAScheduledTaskThrowsAnError() throws Exception {
        // given the broker's timer, built as bootstrap builds it
        FatalErrorPolicy policy = new FatalErrorPolicy(exit, WAIT);
        try (ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(policy)) {
            // when
            scheduler.schedule(Duration.ZERO, () -> {
                throw new OutOfMemoryError("Java heap space");
            });

            // then
            assertThat(exit.awaitExit()).isEqualTo(FatalErrorPolicy.EXIT_CODE);
            assertThat(log.list.get(0).getFormattedMessage()).startsWith("Fatal error (in thread hexalog-scheduler)");
        }
    }

    @Test
    void shouldLogAScheduledTaskThatFailsWithAnExceptionThroughTheBrokersLog() throws Exception {
        // given
        FatalErrorPolicy policy = new FatalErrorPolicy(exit, WAIT);
        CountDownLatch nextRan = new CountDownLatch(1);
        try (ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(policy)) {
            // when
            scheduler.schedule(Duration.ZERO, () -> {
                throw new IllegalStateException("a timer bug");
            });
            scheduler.schedule(Duration.ofMillis(1), nextRan::countDown);

            // then
            assertThat(nextRan.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(log.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                    .isEqualTo("Uncaught exception in thread hexalog-scheduler; the broker goes on"));
            assertThat(exit.exits).isEmpty();
        }
    }

    @Test
    void shouldStopWhenAStorageWorkerMeetsAnError() throws Exception {
        // given
        FatalErrorPolicy policy = new FatalErrorPolicy(exit, WAIT);
        StorageWorkers workers = new StorageWorkers(policy);
        try {
            // when
            workers.execute(() -> {
                throw new OutOfMemoryError("Java heap space");
            });

            // then
            assertThat(exit.awaitExit()).isEqualTo(FatalErrorPolicy.EXIT_CODE);
            assertThat(log.list.get(0).getFormattedMessage()).startsWith("Fatal error (in thread hexalog-storage-1)");
        } finally {
            workers.close();
        }
    }

    @Test
    void shouldHandTheFirstFatalErrorOfABrokerInProcessToItsListenerAndLeaveTheJvmRunning() throws Exception {
        // given the policy of a broker sharing its JVM with tests, on the storage workers bootstrap builds
        List<String> reported = new CopyOnWriteArrayList<>();
        CountDownLatch told = new CountDownLatch(1);
        FatalErrorPolicy policy = FatalErrorPolicy.reportingTo((what, cause) -> {
            reported.add(what + ": " + cause.getMessage());
            told.countDown();
        });
        StorageWorkers workers = new StorageWorkers(policy);
        try {
            // when a worker meets an error, and then another one
            workers.execute(() -> {
                throw new OutOfMemoryError("Java heap space");
            });
            assertThat(told.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("told").isTrue();
            policy.onFatalError("accepting connections", new IllegalStateException("closed"));

            // then the listener hears of the first only, and the log says the JVM goes on (this test runs on)
            assertThat(reported).containsExactly("in thread hexalog-storage-1: Java heap space");
            assertThat(policy.stopping()).isTrue();
            assertThat(log.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).isEqualTo("Fatal error (in thread hexalog-storage-1): "
                        + "java.lang.OutOfMemoryError: Java heap space; the broker in process may no longer serve; "
                        + "the JVM goes on");
            });
        } finally {
            workers.close();
        }
    }

    /** Records how the process would have ended; an exit can be made to hang like stuck shutdown hooks. */
    private static final class RecordingExit implements FatalErrorPolicy.Exit {

        final List<Integer> exits = new CopyOnWriteArrayList<>();
        final List<Integer> halts = new CopyOnWriteArrayList<>();
        private final CountDownLatch exited = new CountDownLatch(1);
        private final CountDownLatch halted = new CountDownLatch(1);
        private volatile boolean hang;

        void hangOnExit() {
            hang = true;
        }

        @Override
        public void exit(int status) {
            exits.add(status);
            exited.countDown();
            if (hang) {
                try {
                    halted.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void halt(int status) {
            halts.add(status);
            halted.countDown();
        }

        int awaitExit() throws InterruptedException {
            assertThat(exited.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("exited").isTrue();
            return exits.get(0);
        }

        int awaitHalt() throws InterruptedException {
            assertThat(halted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("halted").isTrue();
            return halts.get(0);
        }
    }
}
