package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The trace of {@code --trace-protocol}: one INFO line per request on the logger
 * {@value KafkaProtocolAdapter#PROTOCOL_TRACE_LOGGER}, written when its response is sent:
 *
 * <pre>
 * Fetch v16 corr=7 client=consumer-1 -&gt; max_wait=500ms min_bytes=1 max_bytes=52428800 orders[0]@42
 *     | &lt;- orders[0] NONE hw=50 lso=50 log_start=0 bytes=8123 (3.12 ms)
 * </pre>
 *
 * (on one line). The time runs from the parsed request to its response, a wait in the fetch purgatory
 * included. Each side of the arrow is at most {@link #MAX_SIDE_LENGTH} characters. A summary that fails
 * costs the line its detail, never the response.
 */
final class LoggingProtocolTrace implements ProtocolTrace {

    static final int MAX_SIDE_LENGTH = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProtocolAdapter.PROTOCOL_TRACE_LOGGER);

    private final ApiSummaries summaries = new ApiSummaries();
    private final Function<Uuid, Optional<String>> topicNames;
    private final LongSupplier nanoTime;

    /** @param topicNames the name of the topic with an ID, for requests that name topics by ID */
    LoggingProtocolTrace(Function<Uuid, Optional<String>> topicNames) {
        this(topicNames, System::nanoTime);
    }

    LoggingProtocolTrace(Function<Uuid, Optional<String>> topicNames, LongSupplier nanoTime) {
        this.topicNames = topicNames;
        this.nanoTime = nanoTime;
    }

    @Override
    public Exchange begin(RequestHeader header, ApiMessage request) {
        if (!LOG.isInfoEnabled()) {
            return ProtocolTrace.off().begin(header, request);
        }
        long started = nanoTime.getAsLong();
        String asked = summarise(text -> summaries.request(header.apiKey(), header.apiVersion(), request, text));
        return new TracedExchange(header, asked, started);
    }

    private String summarise(Consumer<TraceText> summary) {
        TraceText text = new TraceText(topicNames, MAX_SIDE_LENGTH);
        try {
            summary.accept(text);
            return text.toString();
        } catch (RuntimeException e) {
            return text + " (not summarised: " + e + ")";
        }
    }

    private static String spaced(String summary) {
        return summary.isEmpty() ? "" : " " + summary;
    }

    private final class TracedExchange implements Exchange {

        private final RequestHeader header;
        private final String asked;
        private final long started;

        TracedExchange(RequestHeader header, String asked, long started) {
            this.header = header;
            this.asked = asked;
            this.started = started;
        }

        @Override
        public void answered(ApiMessage response) {
            log(response == null ? "no response (acks=0)" : summarise(
                    text -> summaries.response(header.apiKey(), header.apiVersion(), response, text)));
        }

        @Override
        public void closed(String reason) {
            log("connection closed: " + ClientText.escape(reason));
        }

        private void log(String answer) {
            double elapsedMs = (nanoTime.getAsLong() - started) / 1_000_000.0;
            LOG.info("{} v{} corr={} client={} ->{} | <-{} ({} ms)", header.apiKey().name, header.apiVersion(),
                    header.correlationId(), TraceText.shown(header.clientId()), spaced(asked), spaced(answer),
                    String.format(Locale.ROOT, "%.2f", elapsedMs));
        }
    }
}
