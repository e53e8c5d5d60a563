package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.requests.RequestHeader;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Who sent a request, with which API version: what a handler needs besides the body.
 *
 * @param afterResponse what to do once the response has been written, or never will be
 * @param eventLoop     the connection's event loop, where a handler resumes work it had to wait for when
 *                      nothing else brings it back to a thread of its own (see {@link FetchHandler})
 */
record RequestContext(RequestHeader header, SocketAddress clientAddress, AfterResponse afterResponse,
                      Executor eventLoop) {

    RequestContext {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(afterResponse, "afterResponse");
        Objects.requireNonNull(eventLoop, "eventLoop");
    }

    short apiVersion() {
        return header.apiVersion();
    }

    String clientId() {
        return header.clientId();
    }
}
