package io.hexalog.adapter.protocol.kafka;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener asking itself what a client asks first ({@code --exit-when-ready}). */
class ListenerSelfCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void shouldPassOnceTheListenerHasAnsweredApiVersionsAndMetadata() throws Exception {
        // given a listener that tells which requests it served
        List<String> served = new CopyOnWriteArrayList<>();
        EmbeddedBroker broker = new EmbeddedBroker();
        KafkaServer server = new KafkaServer(
                new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", 0, EmbeddedBroker.MAX_REQUEST_BYTES, 1, false),
                broker.handlers(), ProtocolTrace.off(), broker.fetchMemory(), new RecordingFatalErrorHandler(),
                new ServedApis(served));
        server.start();
        try {
            // when
            server.checkAnswers(TIMEOUT);

            // then
            assertThat(served).containsExactly("ApiVersions", "Metadata");
        } finally {
            server.close();
        }
    }

    @Test
    void shouldFailWhenTheListenerAcceptsButNeverAnswers() throws Exception {
        // given a socket that accepts connections and reads nothing from them
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> acceptAndHold(silent), "silent-listener");
            acceptor.setDaemon(true);
            acceptor.start();

            // when, then
            assertThatThrownBy(() -> ListenerSelfCheck.check(
                    (InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMillis(300)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not answer within 300 ms");
        }
    }

    @Test
    void shouldFailWhenNothingListens() throws Exception {
        // given a port nothing listens on any more
        InetSocketAddress gone;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            gone = (InetSocketAddress) closed.getLocalSocketAddress();
        }

        // when, then
        assertThatThrownBy(() -> ListenerSelfCheck.check(gone, TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the Kafka listener on 127.0.0.1:" + gone.getPort() + " did not answer");
    }

    private static void acceptAndHold(ServerSocket listener) {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try {
            while (!listener.isClosed()) {
                held.add(listener.accept());
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    /** Records the name of each API the listener served. */
    private record ServedApis(List<String> served) implements KafkaProtocolAdapter.TrafficListener {

        @Override
        public void requestCompleted(String api, long latencyNanos) {
            served.add(api);
        }

        @Override
        public void produced(String topic, int records, int bytes) {
        }

        @Override
        public void fetched(String topic, int bytes) {
        }
    }
}
