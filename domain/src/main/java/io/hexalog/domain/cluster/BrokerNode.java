package io.hexalog.domain.cluster;

import java.util.Objects;

/** A broker as clients see it: its node ID and the address it advertises. */
public record BrokerNode(int nodeId, String host, int port) {

    public BrokerNode {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must not be negative: " + nodeId);
        }
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
