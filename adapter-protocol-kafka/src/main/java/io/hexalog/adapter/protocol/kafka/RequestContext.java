package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.requests.RequestHeader;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * Who sent a request, with which API version: what a handler needs besides the body.
 *
 * @param afterResponse what to do once the response has been written, or never will be
 */
record RequestContext(RequestHeader header, SocketAddress clientAddress, AfterResponse afterResponse) {

    RequestContext {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(afterResponse, "afterResponse");
    }

    short apiVersion() {
        return header.apiVersion();
    }

    String clientId() {
        return header.clientId();
    }
}
