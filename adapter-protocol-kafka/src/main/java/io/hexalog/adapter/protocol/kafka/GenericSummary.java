package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What the trace says about an API without a summary of its own: the request's fields as Kafka's message
 * class prints them, cut to {@link #MAX_REQUEST_CHARS}, and the response's error names with their counts, as
 * Kafka's response class counts them ({@code NONE(3) INVALID_CONFIG(1)}). Never used for APIs that carry
 * records: those have summaries that show batch sizes instead.
 */
final class GenericSummary implements ApiSummary<ApiMessage, ApiMessage> {

    static final int MAX_REQUEST_CHARS = 200;

    @Override
    public void request(ApiMessage request, short version, TraceText text) {
        String shown = request.toString();
        text.add(shown.length() <= MAX_REQUEST_CHARS ? shown : shown.substring(0, MAX_REQUEST_CHARS) + "...");
    }

    @Override
    public void response(ApiMessage response, short version, TraceText text) {
        errorCounts(response, version).forEach((error, count) -> text.add(error.name() + "(" + count + ")"));
    }

    /** Kafka's response classes count errors for every API; they are built from the bytes, so write them first. */
    private static Map<Errors, Integer> errorCounts(ApiMessage response, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer bytes = ByteBuffer.allocate(response.size(cache, version));
        response.write(new ByteBufferAccessor(bytes), cache, version);
        bytes.flip();
        return AbstractResponse.parseResponse(ApiKeys.forId(response.apiKey()), new ByteBufferAccessor(bytes), version)
                .errorCounts();
    }
}
