package io.hexalog.adapter.protocol.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The listener's count of open connections, in all and by IP address, against {@code max.connections} and
 * {@code max.connections.per.ip} (Kafka's {@code ConnectionQuotas}). Connections are admitted on the event
 * loops that serve them, several at once, so every count changes under one lock.
 */
final class ConnectionQuotas {

    private final int maxConnections;
    private final int maxConnectionsPerIp;
    private final Map<InetAddress, Integer> overrides;
    private final Map<InetAddress, Integer> openByAddress = new HashMap<>();
    private int open;

    /**
     * @throws IllegalArgumentException if a host of {@code max.connections.per.ip.overrides} does not resolve,
     *                                  as Kafka refuses to start then
     */
    ConnectionQuotas(KafkaProtocolAdapter.ConnectionLimits limits) {
        this.maxConnections = limits.maxConnections();
        this.maxConnectionsPerIp = limits.maxConnectionsPerIp();
        this.overrides = resolve(limits.maxConnectionsPerIpOverrides());
    }

    /**
     * Counts a new connection from {@code address}, unless a limit is reached: then nothing is counted and the
     * answer says which limit refused it.
     *
     * @return empty when the connection is admitted and counted; {@link #release} it when it closes
     */
    synchronized Optional<String> admit(InetAddress address) {
        if (open >= maxConnections) {
            return Optional.of("the listener already has " + open + " connections (max.connections=" + maxConnections
                    + ")");
        }
        int fromAddress = openByAddress.getOrDefault(address, 0);
        Integer override = overrides.get(address);
        int limit = override != null ? override : maxConnectionsPerIp;
        if (fromAddress >= limit) {
            return Optional.of(address.getHostAddress() + " already has " + fromAddress + " connections ("
                    + (override != null ? "its max.connections.per.ip.overrides entry is " : "max.connections.per.ip=")
                    + limit + ")");
        }
        openByAddress.put(address, fromAddress + 1);
        open++;
        return Optional.empty();
    }

    /** Uncounts a closed connection that {@link #admit} admitted. */
    synchronized void release(InetAddress address) {
        Integer fromAddress = openByAddress.get(address);
        if (fromAddress == null) {
            throw new IllegalStateException("No connection from " + address + " was counted");
        }
        if (fromAddress == 1) {
            openByAddress.remove(address);
        } else {
            openByAddress.put(address, fromAddress - 1);
        }
        open--;
    }

    /** Connections open now, admitted and not yet released. */
    synchronized int open() {
        return open;
    }

    /** Connections open now from {@code address}. */
    synchronized int open(InetAddress address) {
        return openByAddress.getOrDefault(address, 0);
    }

    private static Map<InetAddress, Integer> resolve(Map<String, Integer> byHost) {
        Map<InetAddress, Integer> byAddress = new HashMap<>();
        byHost.forEach((host, count) -> {
            try {
                byAddress.put(InetAddress.getByName(host), count);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(
                        "max.connections.per.ip.overrides names a host that does not resolve: " + host, e);
            }
        });
        return Map.copyOf(byAddress);
    }
}
