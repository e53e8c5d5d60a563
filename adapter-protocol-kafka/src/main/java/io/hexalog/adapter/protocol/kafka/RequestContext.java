package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.requests.RequestHeader;

import java.net.SocketAddress;

/** Who sent a request, with which API version: what a handler needs besides the body. */
record RequestContext(RequestHeader header, SocketAddress clientAddress) {

    short apiVersion() {
        return header.apiVersion();
    }

    String clientId() {
        return header.clientId();
    }
}
