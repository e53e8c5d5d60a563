package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Follows every request a connection serves to its response, so that an operator can watch what clients
 * ask and what they are told ({@code --trace-protocol}). The listener chooses its trace once, when it is
 * built: {@link #off()} does nothing at all, so a broker that does not trace summarises nothing.
 */
interface ProtocolTrace {

    /** The trace that does nothing. */
    static ProtocolTrace off() {
        return NoProtocolTrace.INSTANCE;
    }

    /**
     * Called once a request is parsed, before its handler sees it.
     *
     * @return what is told how the request ends; never null
     */
    Exchange begin(RequestHeader header, ApiMessage request);

    /** One request on its way to an answer. Called on the connection's event loop; must not throw. */
    interface Exchange {

        /** @param response what is sent back, or {@code null} when the protocol sends nothing (acks=0 Produce) */
        void answered(ApiMessage response);

        /** The connection is closed instead of answering. */
        void closed(String reason);
    }
}
