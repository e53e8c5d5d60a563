package io.hexalog.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RestartingBrokerTest {

    private static final Duration NO_WAIT = Duration.ZERO;

    /** A broker that records what happens to it, in one list shared by every broker of a test. */
    private static final class FakeNode implements RestartingBroker.Node {
        private final String name;
        private final List<String> events;
        private final CompletableFuture<String> restartNeeded = new CompletableFuture<>();

        FakeNode(String name, List<String> events) {
            this.name = name;
            this.events = events;
            events.add("start " + name);
        }

        @Override
        public CompletableFuture<String> whenRestartNeeded() {
            return restartNeeded;
        }

        @Override
        public int shutDown() {
            events.add("shut down " + name);
            return 0;
        }
    }

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger starts = new AtomicInteger();
    private final List<FakeNode> started = new CopyOnWriteArrayList<>();

    private final Supplier<FakeNode> starter = () -> {
        FakeNode node = new FakeNode("again-" + starts.incrementAndGet(), events);
        started.add(node);
        return node;
    };

    @Test
    void shouldShutTheBrokerDownThenStartItAgainOnceItSaysOnlyARestartLetsItCatchUp() {
        FakeNode first = new FakeNode("first", events);
        Logger logger = (Logger) LoggerFactory.getLogger(RestartingBroker.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        RestartingBroker running = new RestartingBroker(first, starter, NO_WAIT);

        try {
            first.restartNeeded.complete("its log failed");
            await().atMost(Duration.ofSeconds(10)).until(() -> running.restarts() == 1);
        } finally {
            logger.detachAppender(log);
        }
        assertThat(events).containsExactly("start first", "shut down first", "start again-1");
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("Restarting this broker in this process: its log failed");
        running.shutDown();
        assertThat(events).containsExactly("start first", "shut down first", "start again-1", "shut down again-1");
    }

    @Test
    void shouldRestartTheRestartedBrokerToo() {
        FakeNode first = new FakeNode("first", events);
        RestartingBroker running = new RestartingBroker(first, starter, NO_WAIT);

        first.restartNeeded.complete("a test says so");
        await().atMost(Duration.ofSeconds(10)).until(() -> running.restarts() == 1);
        started.get(0).restartNeeded.complete("a test says so");
        await().atMost(Duration.ofSeconds(10)).until(() -> running.restarts() == 2);

        assertThat(events).containsExactly("start first", "shut down first", "start again-1", "shut down again-1",
                "start again-2");
        running.shutDown();
    }

    @Test
    void shouldNotRestartBeforeTheBrokerHasRunForTheMinimumUptime() {
        Duration minimumUptime = Duration.ofMillis(600);
        long before = System.nanoTime();
        FakeNode first = new FakeNode("first", events);
        RestartingBroker running = new RestartingBroker(first, starter, minimumUptime);

        first.restartNeeded.complete("a test says so");
        await().atMost(Duration.ofSeconds(10)).until(() -> running.restarts() == 1);

        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(minimumUptime.toNanos());
        running.shutDown();
    }

    @Test
    void shouldDropARestartStillWaitingForTheMinimumUptimeWhenTheProcessStops() throws Exception {
        FakeNode first = new FakeNode("first", events);
        RestartingBroker running = new RestartingBroker(first, starter, Duration.ofMillis(300));

        first.restartNeeded.complete("a test says so");
        running.shutDown();
        TimeUnit.MILLISECONDS.sleep(600);

        assertThat(events).containsExactly("start first", "shut down first");
        assertThat(running.restarts()).isZero();
    }

    @Test
    void shouldSayWhyAndTryNoMoreWhenTheBrokerCannotStartAgain() {
        FakeNode first = new FakeNode("first", events);
        RestartingBroker running = new RestartingBroker(first, () -> {
            throw new BrokerStartupException("Port 9092 is already in use");
        }, NO_WAIT);

        first.restartNeeded.complete("a test says so");

        assertThat(running.whenRestartFailed()).succeedsWithin(Duration.ofSeconds(10))
                .isEqualTo("Port 9092 is already in use");
        assertThat(events).containsExactly("start first", "shut down first");
        assertThat(running.shutDown()).as("nothing left to stop").isZero();
        assertThat(events).containsExactly("start first", "shut down first");
    }

    @Test
    void shouldNotRestartABrokerThatNeverSaysSo() throws Exception {
        FakeNode first = new FakeNode("first", events);
        RestartingBroker running = new RestartingBroker(first, starter, NO_WAIT);

        TimeUnit.MILLISECONDS.sleep(200);

        assertThat(running.restarts()).isZero();
        assertThat(running.whenRestartFailed()).isNotDone();
        running.shutDown();
        assertThat(events).containsExactly("start first", "shut down first");
    }
}
