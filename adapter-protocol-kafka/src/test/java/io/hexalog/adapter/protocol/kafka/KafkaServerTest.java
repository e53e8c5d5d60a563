package io.hexalog.adapter.protocol.kafka;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener on a real socket: it never stops serving without telling. */
class KafkaServerTest {

    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);

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
    void shouldReportNothingWhenTheBrokerClosesTheListener() throws Exception {
        // given
        server.start();

        // when
        server.close();

        // then
        Thread.sleep(200);
        assertThat(fatalErrors.reports()).isEmpty();
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
