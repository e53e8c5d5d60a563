package io.hexalog.adapter.protocol.kafka;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener on a real socket: it never stops serving without telling. */
class KafkaServerTest {

    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);

    private final RecordingFatalErrorHandler fatalErrors = new RecordingFatalErrorHandler();
    private final KafkaServer server = new KafkaServer(
            new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", 0, EmbeddedBroker.MAX_REQUEST_BYTES, 1, false),
            new EmbeddedBroker().handlers(), ProtocolTrace.off(), fatalErrors);

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
        List<RecordingFatalErrorHandler.Report> reports = awaitReports();
        assertThat(reports).first().satisfies(report -> {
            assertThat(report.what()).isEqualTo("accepting connections");
            assertThat(report.cause()).hasMessageContaining("closed without being asked to");
        });
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

    private List<RecordingFatalErrorHandler.Report> awaitReports() throws InterruptedException {
        long deadline = System.nanoTime() + REPORT_WAIT.toNanos();
        while (fatalErrors.reports().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return fatalErrors.reports();
    }
}
