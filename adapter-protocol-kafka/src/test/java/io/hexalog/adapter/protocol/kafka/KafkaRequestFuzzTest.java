package io.hexalog.adapter.protocol.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hexalog.adapter.protocol.kafka.FuzzedRequests.Conversation;
import io.hexalog.adapter.protocol.kafka.FuzzedRequests.Sent;
import io.hexalog.application.service.BrokerConfig;
import io.hexalog.domain.log.MessageSizePolicy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes a client sends, the broker answers each request it understands with a well-formed response
 * carrying that request's correlation ID, in request order, or closes the connection; it never fails in a way
 * it did not expect (an unmapped failure is logged at ERROR and answered UNKNOWN_SERVER_ERROR), and it still
 * serves a new connection afterwards. Each input runs against a fresh broker on in-memory storage that hosts
 * one topic with records, so that a finding replays alone.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs in {@code KafkaRequestFuzzTestInputs/} as a regression
 * test; docs/operations.md gives the command for a fuzzing run.
 */
class KafkaRequestFuzzTest {

    private static final String TOPIC = "fuzz";
    private static final Logger ERROR_MAPPING = (Logger) LoggerFactory.getLogger(ErrorMapping.class);
    private static final ListAppender<ILoggingEvent> UNEXPECTED = new ListAppender<>();
    private static Level levelBefore;

    @BeforeAll
    static void listenForUnexpectedFailures() {
        levelBefore = ERROR_MAPPING.getLevel();
        ERROR_MAPPING.setLevel(Level.ERROR);
        UNEXPECTED.start();
        ERROR_MAPPING.addAppender(UNEXPECTED);
    }

    @AfterAll
    static void stopListening() {
        ERROR_MAPPING.detachAppender(UNEXPECTED);
        ERROR_MAPPING.setLevel(levelBefore);
    }

    @FuzzTest(maxDuration = "30m")
    void shouldAnswerEveryRequestItUnderstandsOrCloseTheConnection(byte[] input) {
        UNEXPECTED.list.clear();
        EmbeddedBroker broker = brokerWithATopic();
        Conversation conversation = FuzzedRequests.read(input);
        EmbeddedChannel channel = connect(broker);

        channel.writeInbound(conversation.bytes());
        channel.runPendingTasks();
        broker.scheduler().advance(Duration.ofMinutes(1)); // long polls and join phases end
        channel.runPendingTasks();
        channel.checkException();

        assertResponsesAnswerTheRequestsInOrder(channel, conversation.requests());
        assertThat(UNEXPECTED.list).extracting(ILoggingEvent::getFormattedMessage).as("unexpected failures").isEmpty();
        assertThat(broker.fatalErrors().causes()).as("errors that would stop the broker").isEmpty();
        assertANewConnectionIsServed(broker);
        channel.finishAndReleaseAll();
    }

    private static EmbeddedBroker brokerWithATopic() {
        EmbeddedBroker broker = new EmbeddedBroker(
                new BrokerConfig(1, true, MessageSizePolicy.KAFKA_DEFAULT).withMaxBrokerPartitions(100));
        broker.createTopic(TOPIC, 2);
        broker.connect().call((short) 9, KafkaWire.produce((short) 1, TOPIC, 0, KafkaWire.records("a", "b")));
        return broker;
    }

    private static EmbeddedChannel connect(EmbeddedBroker broker) {
        return broker.channel(ProtocolTrace.off());
    }

    /** Each response is one size-prefixed frame that parses as the response to a request sent, in order. */
    private static void assertResponsesAnswerTheRequestsInOrder(EmbeddedChannel channel, List<Sent> requests) {
        int next = 0;
        for (ByteBuf frame = channel.readOutbound(); frame != null; frame = channel.readOutbound()) {
            try {
                ByteBuffer buffer = frame.nioBuffer();
                assertThat(buffer.getInt()).as("size prefix").isEqualTo(buffer.remaining());
                int correlationId = buffer.getInt(buffer.position());
                if (requests.isEmpty()) {
                    continue; // raw bytes: which request is which is not known
                }
                while (next < requests.size() && requests.get(next).correlationId() != correlationId) {
                    next++;
                }
                assertThat(next).as("a response with correlation ID %d, in request order", correlationId)
                        .isLessThan(requests.size());
                assertParsesAsTheResponseTo(requests.get(next++), buffer);
            } finally {
                frame.release();
            }
        }
    }

    private static void assertParsesAsTheResponseTo(Sent request, ByteBuffer buffer) {
        ApiKeys apiKey = ApiKeys.forId(request.apiKey());
        short version = request.version();
        if (apiKey == ApiKeys.API_VERSIONS && !apiKey.isVersionSupported(version)) {
            version = 0; // KIP-511: a version the broker does not know is answered at v0
        }
        ResponseHeader.parse(buffer, apiKey.responseHeaderVersion(version));
        AbstractResponse response = AbstractResponse.parseResponse(apiKey, new ByteBufferAccessor(buffer), version);
        assertThat(response.apiKey()).isEqualTo(apiKey);
        assertThat(buffer.remaining()).as("bytes after the %s v%d response", apiKey, version).isZero();
    }

    private static void assertANewConnectionIsServed(EmbeddedBroker broker) {
        EmbeddedBroker.Connection connection = broker.connect();
        ApiVersionsResponse versions = connection.call((short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("fuzz").setClientSoftwareVersion("1"));
        assertThat(versions.data().errorCode()).isEqualTo(Errors.NONE.code());
        MetadataResponse metadata = connection.call((short) 12, new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestTopic().setName(TOPIC))).setAllowAutoTopicCreation(false));
        assertThat(metadata.data().brokers()).isNotEmpty();
        // The input may have deleted the topic.
        assertThat(Errors.forCode(metadata.data().topics().find(TOPIC).errorCode()))
                .isIn(Errors.NONE, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        connection.close();
    }
}
