package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Java client sees of {@code max.connections.per.ip}: its connections closed as soon as they open, then a
 * way in once connections from its address close. A client needs two: one to its bootstrap server and one to the
 * broker it learns of, even when they are the same.
 */
class ConnectionLimitsEndToEndTest {

    private static final short API_VERSIONS = 18;
    private static final int PER_IP = 2;

    @Test
    void shouldKeepAJavaClientOutUntilConnectionsFromItsAddressClose() throws Exception {
        try (RunningBroker broker = RunningBroker.start(StorageKind.MEMORY, ConnectionLimitsEndToEndTest::limitPerIp);
             Socket firstHolder = servedSocket(broker.broker().port());
             Socket secondHolder = servedSocket(broker.broker().port());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                     AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {

            KafkaFuture<String> clusterId = admin.describeCluster().clusterId();
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            assertThat(clusterId.isDone()).as("the client is kept out while the holders have every slot").isFalse();

            firstHolder.close();
            secondHolder.close();

            assertThat(clusterId.get(15, TimeUnit.SECONDS)).isNotBlank();
        }
    }

    private static ServerConfig limitPerIp(ServerConfig config) {
        ServerConfig.Listener listener = config.listener();
        ServerConfig.Connections connections = new ServerConfig.Connections(Integer.MAX_VALUE, PER_IP, Map.of(),
                listener.connections().connectionsMaxIdleMs());
        return new ServerConfig(listener.withConnections(connections), config.storage(), config.broker());
    }

    /** A connection the broker has admitted: it answered an ApiVersions v0 request on it. */
    private static Socket servedSocket(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(10);
        out.writeShort(API_VERSIONS);
        out.writeShort(0);
        out.writeInt(1);
        out.writeShort(-1);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        in.readFully(new byte[in.readInt()]);
        return socket;
    }
}
