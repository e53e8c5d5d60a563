package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that pipelines more than the broker lets it have in flight is no longer read from until its
 * responses have been written; so is one whose client does not read what was written.
 */
class ConnectionBackPressureTest {

    private static final short V12 = 12;
    private static final int MAX_WAIT_MS = 500;
    private static final int MAX_IN_FLIGHT = KafkaProtocolAdapter.DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection consumer = broker.connect();

    @BeforeEach
    void createTopic() {
        broker.createTopic("quiet", 1);
    }

    /** Releases the responses the tests leave unread. */
    @AfterEach
    void closeConnection() {
        consumer.close();
    }

    @Test
    void shouldKeepReadingWhileFewerRequestsThanTheLimitAwaitTheirResponse() {
        // when
        for (int i = 0; i < MAX_IN_FLIGHT - 1; i++) {
            consumer.send(V12, longPoll("quiet", 0));
        }

        // then
        assertThat(consumer.isReading()).isTrue();
    }

    @Test
    void shouldStopReadingOnceTheMostRequestsAwaitTheirResponse() {
        // when
        for (int i = 0; i < MAX_IN_FLIGHT; i++) {
            consumer.send(V12, longPoll("quiet", 0));
        }

        // then
        assertThat(consumer.isReading()).isFalse();
    }

    @Test
    void shouldStartPipelinedRequestsBeyondTheLimitOnlyOnceEarlierOnesAreAnswered() {
        // given a client that pipelines 40 long polls without waiting
        for (int i = 0; i < 40; i++) {
            consumer.send(V12, longPoll("quiet", 0));
        }

        // when the polls that were started wait their max wait out
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));

        // then only those are answered; the rest started when they were, and wait in turn
        assertThat(consumer.responsesWritten()).isEqualTo(MAX_IN_FLIGHT);
        assertThat(consumer.isReading()).isTrue();
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));
        assertThat(consumer.responsesWritten()).isEqualTo(40);
        for (int i = 0; i < 40; i++) {
            FetchResponse response = consumer.receive();
            assertThat(response.data().errorCode()).isZero();
        }
    }

    @Test
    void shouldStopReadingOnceRequestsInFlightReachSocketRequestMaxBytes() {
        // given long polls of so many partitions that only a few fit in socket.request.max.bytes
        broker.createTopic("wide", 600);
        FetchRequestData wide = longPoll("wide", 600);
        int requestBytes = KafkaWire.frame(KafkaWire.header(wide, V12, 1), wide).readableBytes();
        int fitting = EmbeddedBroker.MAX_REQUEST_BYTES / requestBytes;
        assertThat(fitting).isBetween(2, MAX_IN_FLIGHT - 2);

        // when
        for (int i = 0; i < fitting + 1; i++) {
            consumer.send(V12, wide);
        }

        // then
        assertThat(consumer.isReading()).isFalse();
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));
        assertThat(consumer.responsesWritten()).isEqualTo(fitting);
        assertThat(consumer.isReading()).isTrue();
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));
        assertThat(consumer.responsesWritten()).isEqualTo(fitting + 1);
    }

    @Test
    void shouldServeOneLargeRequestAloneEvenAboveTheBytesInFlight() {
        // given a request larger than half the bytes a connection may have in flight
        broker.createTopic("wide", 1200);
        FetchRequestData wide = longPoll("wide", 1200);
        int requestBytes = KafkaWire.frame(KafkaWire.header(wide, V12, 1), wide).readableBytes();
        assertThat(requestBytes * 2).isGreaterThan(EmbeddedBroker.MAX_REQUEST_BYTES);

        // when
        consumer.send(V12, wide);
        consumer.send(V12, wide);
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));

        // then
        assertThat(consumer.responsesWritten()).isEqualTo(1);
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));
        assertThat(consumer.responsesWritten()).isEqualTo(2);
    }

    @Test
    void shouldStopReadingAndServingWhileTheClientDoesNotReadItsResponses() {
        // given
        consumer.stallSocket(2 * 64 * 1024);

        // when
        consumer.send((short) 12, new MetadataRequestData().setTopics(null));

        // then
        assertThat(consumer.isReading()).isFalse();
        assertThat(consumer.responsesWritten()).isZero();
    }

    @Test
    void shouldResumeReadingAndServingOnceTheClientHasReadItsResponses() {
        // given
        consumer.stallSocket(2 * 64 * 1024);
        consumer.send((short) 12, new MetadataRequestData().setTopics(null));

        // when
        consumer.drainSocket();

        // then
        assertThat(consumer.isReading()).isTrue();
        assertThat(consumer.responsesWritten()).isEqualTo(1);
        MetadataResponse metadata = consumer.receive();
        assertThat(metadata.data().topics()).hasSize(1);
    }

    /** A long poll of every partition of {@code topic}, from offset 0, on a log with nothing to read. */
    private static FetchRequestData longPoll(String topic, int partitions) {
        FetchRequestData request = KafkaWire.fetch(topic, 0, 0).setMaxWaitMs(MAX_WAIT_MS).setMinBytes(1);
        for (int partition = 1; partition < partitions; partition++) {
            request.topics().get(0).partitions().add(new FetchRequestData.FetchPartition()
                    .setPartition(partition).setFetchOffset(0).setPartitionMaxBytes(1024));
        }
        return request;
    }
}
