package io.hexalog.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --trace-protocol}: the lines an operator reads while the real Java clients talk to the broker. */
class ProtocolTraceEndToEndTest {

    private final Logger traceLogger = (Logger) LoggerFactory.getLogger(KafkaProtocolAdapter.PROTOCOL_TRACE_LOGGER);
    private final ListAppender<ILoggingEvent> trace = new ListAppender<>();

    @BeforeEach
    void captureTrace() {
        trace.start();
        traceLogger.addAppender(trace);
    }

    @AfterEach
    void releaseTrace() {
        traceLogger.detachAppender(trace);
    }

    @Test
    void shouldTraceWhatAProducerAndAConsumerAskWithoutTheirRecords() throws Exception {
        // given a broker started with the trace on
        try (RunningBroker broker = RunningBroker.start(StorageKind.MEMORY, ProtocolTraceEndToEndTest::tracing)) {
            broker.createTopic("orders", 1);
            TopicPartition partition = new TopicPartition("orders", 0);

            // when a record is produced and read back
            try (KafkaProducer<String, String> producer = broker.producer()) {
                producer.send(new ProducerRecord<>("orders", "key", "secret-value")).get();
            }
            try (KafkaConsumer<String, String> consumer = broker.consumer()) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                List<ConsumerRecord<String, String>> read = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (read.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                }
                assertThat(read).extracting(ConsumerRecord::value).containsExactly("secret-value");
            }
        }

        // then
        List<String> lines = lines();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("ApiVersions v").contains("| <- NONE apis="));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("CreateTopics v")
                .contains("-> orders(partitions=1,rf=1)").contains("| <- orders NONE partitions=1"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Produce v")
                .contains("acks=-1").contains("orders[0] bytes=").contains("| <- orders[0] NONE base=0 log_start=0"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("ListOffsets v")
                .contains("orders[0]@earliest").contains("| <- orders[0] NONE offset=0"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Fetch v")
                .contains("orders[0]@0").contains("| <- orders[0] NONE hw=1 lso=1 log_start=0 bytes="));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains("secret-value"));
    }

    private static ServerConfig tracing(ServerConfig config) {
        ServerConfig.Listener listener = config.listener();
        return new ServerConfig(listener.withTraceProtocol(true), config.storage(), config.broker());
    }

    /** Appends happen on the event loops, under the appender's lock. */
    private List<String> lines() {
        synchronized (trace) {
            return trace.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
