package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one Kafka API: turns the decoded request into calls on inbound ports and their answers into the
 * response. Handlers run on the connection's event loop and must not block; anything slow completes the
 * future later.
 *
 * @param <Q> the request message
 * @param <R> the response message
 */
interface ApiHandler<Q extends ApiMessage, R extends ApiMessage> {

    ApiKeys apiKey();

    /** The oldest version this handler parses and serves. */
    short minVersion();

    /** The newest version this handler serves. */
    short maxVersion();

    /** The oldest version put in ApiVersions responses; only Produce differs from {@link #minVersion()}. */
    default short advertisedMinVersion() {
        return minVersion();
    }

    /**
     * @return the response, or a future completing with {@code null} when the protocol says no response is
     *         sent (a Produce with acks=0)
     */
    CompletableFuture<R> handle(RequestContext context, Q request);
}
