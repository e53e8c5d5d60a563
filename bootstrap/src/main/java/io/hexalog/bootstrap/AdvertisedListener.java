package io.hexalog.bootstrap;

import io.hexalog.domain.cluster.BrokerNode;

/**
 * The address this broker tells clients to use. With {@code --port=0} the port is known only once the
 * listener is bound, so it is filled in then.
 */
final class AdvertisedListener {

    private final int nodeId;
    private final String host;
    private final int advertisedPort;
    private volatile int port;

    /** @param advertisedPort the port to tell clients whatever the listener binds, or 0 for the bound one */
    AdvertisedListener(int nodeId, String host, int configuredPort, int advertisedPort) {
        this.nodeId = nodeId;
        this.host = host;
        this.advertisedPort = advertisedPort;
        this.port = advertisedPort != 0 ? advertisedPort : configuredPort;
    }

    void bound(int boundPort) {
        if (advertisedPort == 0) {
            this.port = boundPort;
        }
    }

    BrokerNode node() {
        return new BrokerNode(nodeId, host, port);
    }
}
