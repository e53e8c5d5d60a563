package io.hexalog.adapter.replication.ratis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for nodes whose addresses must be known before they start (a cluster's voters, a broker restarted
 * where clients saw it). A port the system hands out for {@code bind(0)} comes from its ephemeral range, the range
 * it also takes the local ports of outgoing connections from: one of the nodes' own connections, made while the
 * others start, may take it before its node binds it. These are picked below that range, where no connection's
 * local port lands, and each only once in this JVM.
 */
public final class FixedPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FixedPorts() {
    }

    /** A port free on 127.0.0.1 now, outside the ephemeral range where the system says what it is. */
    public static int free() {
        int below = ephemeralRangeStart();
        if (below - LOWEST < 1_000) {
            return anyFree();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port found between " + LOWEST + " and " + below);
    }

    private static int ephemeralRangeStart() {
        try {
            // read line by line: procfs reports a size of 0, which a read of the whole file trusts
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return LOWEST;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
