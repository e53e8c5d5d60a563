package io.hexalog.adapter.protocol.kafka;

import ch.qos.logback.classic.Level;
import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.application.fake.ReleaseTrackingPartitionLogStore;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.hexalog.adapter.protocol.kafka.KafkaRequestHandlerTest.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response that cannot be encoded is a fault of the broker: the connection closes, since the client cannot step
 * over a missing response, with one ERROR line naming the request, and what the response held (the fetch's
 * memory, the storage buffers it read into, the buffers the encoding had taken) goes back.
 */
class UnencodableResponseTest {

    private static final short V12 = 12;
    private static final int MAX_WAIT_MS = 500;
    /** Large enough for the encoder to reference the stored batch rather than copy it. */
    private static final String LARGE_VALUE = "x".repeat(8 * 1024);

    private final ReleaseTrackingPartitionLogStore logs =
            new ReleaseTrackingPartitionLogStore(new InMemoryStorage().partitionLogStore());
    private final EmbeddedBroker broker = new EmbeddedBroker(logs);
    private final CapturedLog log = new CapturedLog(KafkaRequestHandler.class);

    @BeforeEach
    void produce() {
        broker.createTopic("events", 1);
        broker.createTopic("quiet", 1);
        broker.connect().call((short) 9, KafkaWire.produce((short) 1, "events", 0, KafkaWire.records(LARGE_VALUE)));
    }

    @AfterEach
    void closeLog() {
        log.close();
    }

    @Test
    void shouldGiveBackWhatAFetchHeldAndCloseTheConnectionWhenItsResponseCannotBeEncoded() {
        // given
        EmbeddedBroker.Connection consumer = broker.connectServing(unencodable(fetchHandler()));

        // when
        RequestHeader sent = consumer.send(V12, KafkaWire.fetch("events", 0, 0));

        // then the client gets no response and the connection closes
        assertThat(consumer.hasNoResponse()).isTrue();
        assertThat(consumer.isOpen()).isFalse();
        // and what the fetch held goes back
        assertThat(logs.slicesRead()).isEqualTo(1);
        assertThat(logs.unreleasedSlices()).isZero();
        assertThat(broker.fetchMemory().reservedBytes()).isZero();
        // and one line says which response could not be encoded, for whom
        assertThat(log.lines(Level.ERROR)).singleElement().satisfies(line -> assertThat(line)
                .contains("cannot encode the Fetch v12 response to correlation ID " + sent.correlationId())
                .contains("embedded")
                .contains("Unsupported record type"));
        assertThat(broker.fatalErrors().reports()).isEmpty();
    }

    @Test
    void shouldSendTheResponsesBeforeAndGiveBackTheRequestsAfterAResponseThatCannotBeEncoded() {
        // given a long poll, then a fetch whose response cannot be encoded and a good fetch, both waiting their turn
        EmbeddedBroker.Connection consumer = broker.connectServing(unencodableWhenReading("events", fetchHandler()));
        consumer.send(V12, KafkaWire.fetch("quiet", 0, 0).setMaxWaitMs(MAX_WAIT_MS).setMinBytes(1));
        consumer.send(V12, KafkaWire.fetch("events", 0, 0));
        consumer.send(V12, KafkaWire.fetch("quiet", 0, 0));
        assertThat(logs.unreleasedSlices()).isEqualTo(1);

        // when the long poll times out
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));

        // then its response is sent, and nothing after it
        FetchResponse first = consumer.receive();
        assertThat(values(first.data().responses().get(0).partitions().get(0))).isEmpty();
        assertThat(consumer.hasNoResponse()).isTrue();
        assertThat(consumer.isOpen()).isFalse();
        assertThat(logs.unreleasedSlices()).isZero();
        assertThat(broker.fetchMemory().reservedBytes()).isZero();
        assertThat(log.lines(Level.ERROR)).hasSize(1);
    }

    @Test
    void shouldRunTheActionsOfAResponseThatCannotBeEncoded() {
        // given a Metadata handler whose responses hold something until sent, and cannot be encoded
        AtomicInteger afterResponse = new AtomicInteger();
        EmbeddedBroker.Connection client = broker.connectServing(new AbstractApiHandler<MetadataRequestData,
                MetadataResponseData>(ApiKeys.METADATA, 0, 12) {
            @Override
            public CompletableFuture<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
                context.afterResponse().add(afterResponse::incrementAndGet);
                // A topic name longer than a string on the wire can be.
                MetadataResponseData response = new MetadataResponseData();
                response.topics().add(new MetadataResponseData.MetadataResponseTopic().setName("t".repeat(40_000)));
                return CompletableFuture.completedFuture(response);
            }
        });

        // when
        client.send((short) 12, new MetadataRequestData());

        // then
        assertThat(client.hasNoResponse()).isTrue();
        assertThat(client.isOpen()).isFalse();
        assertThat(afterResponse).hasValue(1);
        assertThat(log.lines(Level.ERROR)).singleElement().satisfies(line ->
                assertThat(line).contains("cannot encode the Metadata v12 response"));
    }

    @Test
    void shouldRunTheActionsOfARequestWhoseHandlerFails() {
        // given a handler that holds something for its response, then fails
        AtomicInteger afterResponse = new AtomicInteger();
        EmbeddedBroker.Connection client = broker.connectServing(new AbstractApiHandler<MetadataRequestData,
                MetadataResponseData>(ApiKeys.METADATA, 0, 12) {
            @Override
            public CompletableFuture<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
                context.afterResponse().add(afterResponse::incrementAndGet);
                return CompletableFuture.failedFuture(new CloseConnectionException("no answer for this one"));
            }
        });

        // when
        client.send((short) 12, new MetadataRequestData());

        // then
        assertThat(client.hasNoResponse()).isTrue();
        assertThat(client.isOpen()).isFalse();
        assertThat(afterResponse).hasValue(1);
    }

    @SuppressWarnings("unchecked")
    private ApiHandler<FetchRequestData, FetchResponseData> fetchHandler() {
        return (ApiHandler<FetchRequestData, FetchResponseData>) broker.handlers().find(ApiKeys.FETCH).orElseThrow();
    }

    /** The real fetch, whose every response carries a partition of records the encoder cannot write. */
    private static ApiHandler<FetchRequestData, FetchResponseData> unencodable(
            ApiHandler<FetchRequestData, FetchResponseData> fetch) {
        return new AbstractApiHandler<>(ApiKeys.FETCH, fetch.minVersion(), fetch.maxVersion()) {
            @Override
            public CompletableFuture<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
                return fetch.handle(context, request).thenApply(UnencodableResponseTest::withUnwritableRecords);
            }
        };
    }

    /** The real fetch, whose responses to a fetch of {@code topic} cannot be encoded. */
    private static ApiHandler<FetchRequestData, FetchResponseData> unencodableWhenReading(
            String topic, ApiHandler<FetchRequestData, FetchResponseData> fetch) {
        return new AbstractApiHandler<>(ApiKeys.FETCH, fetch.minVersion(), fetch.maxVersion()) {
            @Override
            public CompletableFuture<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
                CompletableFuture<FetchResponseData> response = fetch.handle(context, request);
                return request.topics().get(0).topic().equals(topic)
                        ? response.thenApply(UnencodableResponseTest::withUnwritableRecords) : response;
            }
        };
    }

    /** Adds, after the partitions read, one whose records are of a kind Kafka's message classes cannot write. */
    private static FetchResponseData withUnwritableRecords(FetchResponseData response) {
        response.responses().add(new FetchableTopicResponse().setTopic("unwritable").setPartitions(
                new ArrayList<>(List.of(new PartitionData().setRecords(new UnwritableRecords())))));
        return response;
    }

    private static final class UnwritableRecords implements BaseRecords {

        @Override
        public int sizeInBytes() {
            return 16;
        }

        @Override
        public RecordsSend<? extends BaseRecords> toSend() {
            throw new UnsupportedOperationException("never sent");
        }
    }
}
