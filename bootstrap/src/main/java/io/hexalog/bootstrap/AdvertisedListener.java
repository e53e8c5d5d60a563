package io.hexalog.bootstrap;

import io.hexalog.domain.cluster.BrokerNode;

/**
 * The address this broker tells clients to use. With {@code --port=0} the port is known only once the
 * listener is bound, so it is filled in then.
 */
final class AdvertisedListener {

    private final int nodeId;
    private final String host;
    private volatile int port;

    AdvertisedListener(int nodeId, String host, int configuredPort) {
        this.nodeId = nodeId;
        this.host = host;
        this.port = configuredPort;
    }

    void bound(int boundPort) {
        this.port = boundPort;
    }

    BrokerNode node() {
        return new BrokerNode(nodeId, host, port);
    }
}
