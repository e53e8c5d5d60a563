package io.hexalog.adapter.protocol.kafka;

import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener on a real socket: it never stops serving without telling. */
class KafkaServerTest {

    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);
    private static final Duration BUSY_LOOP_WAIT = Duration.ofMillis(300);

    private final RecordingFatalErrorHandler fatalErrors = new RecordingFatalErrorHandler();
    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final KafkaServer server = new KafkaServer(
            new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", 0, EmbeddedBroker.MAX_REQUEST_BYTES, 1, false),
            broker.handlers(), ProtocolTrace.off(), broker.fetchMemory(), fatalErrors);

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void shouldReportAServerChannelClosedWithoutTheBrokerAsking() throws Exception {
        // given
        server.start();

        // when the channel accepting connections closes from under the listener (as an error while accepting does)
        server.serverChannel().close().sync();

        // then
        RecordingFatalErrorHandler.Report report = awaitReport("accepting connections");
        assertThat(report.cause()).hasMessageContaining("closed without being asked to");
    }

    @Test
    void shouldReportAnEventLoopThatEndsWithoutTheBrokerAsking() throws Exception {
        // given
        server.start();

        // when the loop accepting connections ends (as one whose thread died of an error does)
        server.serverChannel().eventLoop().shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();

        // then
        RecordingFatalErrorHandler.Report report = awaitReport("running the Kafka listener's event loops");
        assertThat(report.cause()).hasMessageContaining("stopped without being asked to");
    }

    @Test
    void shouldLeaveAClientUnansweredWhileTheListenerIsBoundAndServeItOnceItAccepts() throws Exception {
        // given a listener bound, not accepting yet
        server.bind();

        // then a client's first requests go unanswered
        assertThatThrownBy(() -> server.checkAnswers(BUSY_LOOP_WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not answer within");
        assertThat(server.isAccepting()).isFalse();

        // when a client sends its first requests, and the listener accepts while they wait
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> server.checkAnswers(REPORT_WAIT));
        Thread.sleep(BUSY_LOOP_WAIT.toMillis());
        assertThat(waiting).as("answered before the listener accepts").isNotDone();
        server.accept();

        // then the requests that waited are answered
        waiting.get(REPORT_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        assertThat(server.isAccepting()).isTrue();
    }

    @Test
    void shouldReportNothingWhenTheBrokerClosesTheListener() throws Exception {
        // given
        server.start();

        // when
        server.close();

        // then
        Thread.sleep(200);
        assertThat(fatalErrors.reports()).isEmpty();
    }

    @Test
    void shouldCloseEveryConnectionWhenTheListenerClosesWhileItsLoopIsBusy() throws Exception {
        // given clients connected to a listener whose only loop is busy running a task
        server.start();
        List<RawConnection> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawConnection client = RawConnection.open(server.boundAddress());
            assertThat(client.isServed()).isTrue();
            clients.add(client);
        }
        EventLoop loop = server.workers().next();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            running.countDown();
            awaitQuietly(release);
        });
        running.await();

        // when the broker closes the listener, and the task ends only once the loop has been told to end (or a
        // moment later, if closing waits for the loop first)
        Thread closing = new Thread(server::close, "closing-listener");
        closing.start();
        long deadline = System.nanoTime() + BUSY_LOOP_WAIT.toNanos();
        while (!loop.isShuttingDown() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        release.countDown();
        closing.join(REPORT_WAIT.toMillis());

        // then every client sees its connection closed, and would turn to another broker at once
        try {
            for (RawConnection client : clients) {
                client.awaitClosedByBroker();
            }
        } finally {
            clients.forEach(RawConnection::close);
        }
        assertThat(server.openConnections()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first report of what failed, once it has come; fails if none came within a few seconds. */
    private RecordingFatalErrorHandler.Report awaitReport(String what) throws InterruptedException {
        long deadline = System.nanoTime() + REPORT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RecordingFatalErrorHandler.Report> report = fatalErrors.reports().stream()
                    .filter(candidate -> candidate.what().equals(what)).findFirst();
            if (report.isPresent()) {
                return report.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("Nothing reported about " + what + ": " + fatalErrors.reports());
    }
}
