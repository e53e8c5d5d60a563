package io.hexalog.bootstrap;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP proxy on loopback in front of a broker that advertises the proxy's port, so that every client reaches the
 * broker through it. It can cut one client off by its {@code client.id}, as a process that dies or a network that
 * fails would: every connection of that client is closed at once, and each new one is closed as soon as its first
 * request names that client. Nothing is said on the client's behalf: to the broker it just falls silent.
 */
final class CuttingProxy implements AutoCloseable {

    /** The first request of a connection (ApiVersions) is small; anything larger is not a Kafka client's. */
    private static final int MAX_FIRST_REQUEST_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final Set<String> cutClients = new HashSet<>();
    private final Set<Connection> connections = new HashSet<>();
    private volatile int brokerPort;

    private CuttingProxy(ServerSocket server) {
        this.server = server;
        daemon("proxy-accept-" + server.getLocalPort(), this::acceptAll);
    }

    /** Listens on an ephemeral port of 127.0.0.1; connections wait for {@link #forwardTo} to be told the broker's. */
    static CuttingProxy open() throws IOException {
        return new CuttingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** The given loopback broker configuration, advertising this proxy's port instead of the one it binds. */
    ServerConfig advertising(ServerConfig config) {
        ServerConfig.Listener bound = config.listener();
        ServerConfig.Listener advertised = new ServerConfig.Listener(bound.host(), bound.port(),
                bound.advertisedHost(), bound.maxRequestBytes(), bound.ioThreads(), bound.traceProtocol(),
                bound.maxInFlightRequestsPerConnection(), bound.fetchMaxBytes(), bound.fetchMemoryBytes(),
                bound.connections(), server.getLocalPort());
        return new ServerConfig(advertised, config.storage(), config.broker(), config.http(), config.cluster());
    }

    void forwardTo(int port) {
        brokerPort = port;
    }

    /** Closes every connection of the client with this {@code client.id} and every one it opens from now on. */
    synchronized void cut(String clientId) {
        cutClients.add(clientId);
        connections.stream().filter(connection -> connection.clientId.equals(clientId)).toList()
                .forEach(this::drop);
    }

    @Override
    public synchronized void close() throws IOException {
        server.close();
        Set.copyOf(connections).forEach(this::drop);
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                daemon("proxy-" + client.getPort(), () -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Reads the first request to learn whose connection it is, then copies bytes both ways until one end closes. */
    private void serve(Socket client) {
        try {
            byte[] first = readFrame(new DataInputStream(client.getInputStream()));
            Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
            Connection connection = new Connection(client, broker, clientIdOf(first));
            if (!admit(connection)) {
                return;
            }
            OutputStream toBroker = broker.getOutputStream();
            toBroker.write(ByteBuffer.allocate(4).putInt(first.length).array());
            toBroker.write(first);
            daemon("proxy-back-" + client.getPort(), () -> copy(connection, broker, client));
            copy(connection, client, broker);
        } catch (IOException | RuntimeException e) {
            close(client);
        }
    }

    private synchronized boolean admit(Connection connection) {
        if (cutClients.contains(connection.clientId) || server.isClosed()) {
            drop(connection);
            return false;
        }
        connections.add(connection);
        return true;
    }

    private void copy(Connection connection, Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
            }
        } catch (IOException closed) {
            // one end went away: so does the other
        } finally {
            synchronized (this) {
                drop(connection);
            }
        }
    }

    private void drop(Connection connection) {
        connections.remove(connection);
        close(connection.client);
        close(connection.broker);
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 10 || size > MAX_FIRST_REQUEST_BYTES) {
            throw new IOException("Not a Kafka request of " + size + " bytes");
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        return frame;
    }

    /** The request header's client_id: after api_key, api_version and correlation_id, a nullable int16 string. */
    private static String clientIdOf(byte[] request) {
        ByteBuffer header = ByteBuffer.wrap(request, 8, request.length - 8);
        short length = header.getShort();
        return length < 0 ? "" : new String(request, 10, length, StandardCharsets.UTF_8);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private record Connection(Socket client, Socket broker, String clientId) {
    }
}
