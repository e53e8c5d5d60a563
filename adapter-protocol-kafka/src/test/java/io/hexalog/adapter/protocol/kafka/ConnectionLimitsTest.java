package io.hexalog.adapter.protocol.kafka;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code max.connections}, {@code max.connections.per.ip} with its overrides and {@code connections.max.idle.ms},
 * seen from real sockets on a running listener: what a peer that opens too many connections, or opens one and
 * says nothing, gets.
 */
class ConnectionLimitsTest {

    private static final int NO_LIMIT = Integer.MAX_VALUE;
    private static final long IDLE_MS = 500;
    private static final long NEVER_IDLE = -1;

    private final List<RawConnection> connections = new ArrayList<>();
    private final CapturedLog refusals = new CapturedLog(ConnectionQuotaHandler.class);
    private final CapturedLog idleClosings = new CapturedLog(IdleConnectionCloser.class);
    private KafkaServer server;

    @AfterEach
    void stop() {
        connections.forEach(RawConnection::close);
        if (server != null) {
            server.close();
        }
        refusals.close();
        idleClosings.close();
    }

    @Test
    void shouldCloseConnectionsBeyondMaxConnectionsPerIpWhileEarlierOnesKeepWorking() {
        start(new KafkaProtocolAdapter.ConnectionLimits(NO_LIMIT, 2, Map.of(), NEVER_IDLE));
        RawConnection first = servedConnection();
        RawConnection second = servedConnection();

        RawConnection third = connect();

        third.awaitClosedByBroker();
        assertThat(first.isServed()).isTrue();
        assertThat(second.isServed()).isTrue();
        assertThat(refusals.lines()).singleElement().asString()
                .contains("127.0.0.1 already has 2 connections").contains("max.connections.per.ip=2");
    }

    @Test
    void shouldLetAnOverrideRaiseTheLimitOfItsAddress() {
        start(new KafkaProtocolAdapter.ConnectionLimits(NO_LIMIT, 1, Map.of("127.0.0.1", 3), NEVER_IDLE));
        servedConnection();
        servedConnection();
        servedConnection();

        connect().awaitClosedByBroker();

        assertThat(refusals.lines()).singleElement().asString().contains("max.connections.per.ip.overrides");
    }

    @Test
    void shouldLetAnOverrideLowerTheLimitOfItsAddress() {
        start(new KafkaProtocolAdapter.ConnectionLimits(NO_LIMIT, NO_LIMIT, Map.of("127.0.0.1", 1), NEVER_IDLE));
        RawConnection first = servedConnection();

        connect().awaitClosedByBroker();

        assertThat(first.isServed()).isTrue();
    }

    @Test
    void shouldCloseConnectionsBeyondMaxConnectionsOfTheListener() {
        start(new KafkaProtocolAdapter.ConnectionLimits(2, NO_LIMIT, Map.of(), NEVER_IDLE));
        RawConnection first = servedConnection();
        RawConnection second = servedConnection();

        connect().awaitClosedByBroker();

        assertThat(first.isServed()).isTrue();
        assertThat(second.isServed()).isTrue();
        assertThat(refusals.lines()).singleElement().asString().contains("max.connections=2");
    }

    @Test
    void shouldFreeTheSlotOfAConnectionOnceItIsClosed() {
        start(new KafkaProtocolAdapter.ConnectionLimits(NO_LIMIT, 1, Map.of(), NEVER_IDLE));
        RawConnection first = servedConnection();
        connect().awaitClosedByBroker();

        first.close();

        assertThat(aConnectionIsServedWithin(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void shouldCloseAnIdleConnectionWhileAnActiveOneStaysOpen() {
        start(new KafkaProtocolAdapter.ConnectionLimits(NO_LIMIT, NO_LIMIT, Map.of(), IDLE_MS));
        RawConnection idle = connect();
        RawConnection active = servedConnection();

        keepBusy(active, Duration.ofMillis(3 * IDLE_MS));

        idle.awaitClosedByBroker();
        assertThat(active.isServed()).isTrue();
        assertThat(idleClosings.lines()).singleElement().asString()
                .contains("nothing read or written for " + IDLE_MS + " ms (connections.max.idle.ms)");
    }

    @Test
    void shouldCloseAConnectionThatSentPartOfAFrameAndNothingMore() throws IOException {
        start(new KafkaProtocolAdapter.ConnectionLimits(NO_LIMIT, NO_LIMIT, Map.of(), IDLE_MS));
        RawConnection halfSent = servedConnection();

        halfSent.send(ByteBuffer.allocate(4 + 10).putInt(100).array());

        halfSent.awaitClosedByBroker();
        assertThat(idleClosings.lines()).hasSize(1);
    }

    @Test
    void shouldKeepIdleConnectionsWhenIdleTimeIsNegative() throws InterruptedException {
        start(new KafkaProtocolAdapter.ConnectionLimits(NO_LIMIT, NO_LIMIT, Map.of(), NEVER_IDLE));
        RawConnection quiet = servedConnection();

        Thread.sleep(2 * IDLE_MS);

        assertThat(quiet.isServed()).isTrue();
    }

    private void start(KafkaProtocolAdapter.ConnectionLimits limits) {
        EmbeddedBroker broker = new EmbeddedBroker();
        server = new KafkaServer(new KafkaProtocolAdapter.ListenerConfig("127.0.0.1", 0,
                EmbeddedBroker.MAX_REQUEST_BYTES, 1, false).withConnections(limits), broker.handlers(),
                ProtocolTrace.off(), broker.fetchMemory(), new RecordingFatalErrorHandler());
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private RawConnection connect() {
        InetSocketAddress listener = server.boundAddress();
        RawConnection connection = RawConnection.open(listener);
        connections.add(connection);
        return connection;
    }

    /** A connection the broker has admitted: it has answered a request on it. */
    private RawConnection servedConnection() {
        RawConnection connection = connect();
        assertThat(connection.isServed()).as("a connection within the limits is served").isTrue();
        return connection;
    }

    /** The broker uncounts a closed connection once it has seen the close, a moment after the client's. */
    private boolean aConnectionIsServedWithin(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (connect().isServed()) {
                return true;
            }
            sleep(Duration.ofMillis(20));
        }
        return false;
    }

    private static void keepBusy(RawConnection connection, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            assertThat(connection.isServed()).isTrue();
            sleep(Duration.ofMillis(IDLE_MS / 10));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
