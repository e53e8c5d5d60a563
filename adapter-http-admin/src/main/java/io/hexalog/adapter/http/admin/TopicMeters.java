package io.hexalog.adapter.http.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One topic's traffic, as Kafka's {@code BrokerTopicMetrics}: messages and bytes in (from the Kafka listener and
 * the admin API), bytes out. Made once per topic and kept, so counting is an add into an adder.
 */
final class TopicMeters {

    static final String MESSAGES_IN = "kafka.server.brokertopicmetrics.messagesin";
    static final String BYTES_IN = "kafka.server.brokertopicmetrics.bytesin";
    static final String BYTES_OUT = "kafka.server.brokertopicmetrics.bytesout";

    private final String topic;
    private final Counter messagesIn;
    private final Counter bytesIn;
    private final Counter bytesOut;

    TopicMeters(MeterRegistry registry, String topic) {
        this.topic = topic;
        messagesIn = Counter.builder(MESSAGES_IN)
                .description("Records appended by Produce requests and the admin API")
                .tag("topic", topic).register(registry);
        bytesIn = Counter.builder(BYTES_IN)
                .description("Bytes of record batches appended by Produce requests and the admin API")
                .tag("topic", topic).register(registry);
        bytesOut = Counter.builder(BYTES_OUT).description("Bytes of record batches returned by Fetch requests")
                .tag("topic", topic).register(registry);
    }

    String topic() {
        return topic;
    }

    void produced(int records, int bytes) {
        messagesIn.increment(records);
        bytesIn.increment(bytes);
    }

    void fetched(int bytes) {
        bytesOut.increment(bytes);
    }

    /** Takes the meters out of {@code registry}; always true, for use in a removal predicate. */
    boolean remove(MeterRegistry registry) {
        registry.remove(messagesIn);
        registry.remove(bytesIn);
        registry.remove(bytesOut);
        return true;
    }
}
