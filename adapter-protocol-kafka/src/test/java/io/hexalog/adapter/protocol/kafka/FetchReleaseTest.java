package io.hexalog.adapter.protocol.kafka;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.application.fake.ReleaseTrackingPartitionLogStore;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.requests.FetchResponse;
import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hexalog.adapter.protocol.kafka.KafkaRequestHandlerTest.values;
import static org.assertj.core.api.Assertions.assertThat;

/** What a fetch read from storage goes back to it once the response has left, whichever way it leaves. */
class FetchReleaseTest {

    private static final short V12 = 12;
    private static final int MAX_WAIT_MS = 500;

    private final ReleaseTrackingPartitionLogStore logs =
            new ReleaseTrackingPartitionLogStore(new InMemoryStorage().partitionLogStore());
    private final EmbeddedBroker broker = new EmbeddedBroker(logs);
    private final EmbeddedBroker.Connection producer = broker.connect();
    private final EmbeddedBroker.Connection consumer = broker.connect();

    @BeforeEach
    void createTopics() {
        broker.createTopic("events", 1);
        broker.createTopic("quiet", 1);
        for (int i = 0; i < 5; i++) {
            producer.call((short) 9, KafkaWire.produce((short) 1, "events", 0, KafkaWire.records("value-" + i)));
        }
    }

    @Test
    void shouldReleaseWhatAFetchReadOnceItsResponseIsWritten() {
        FetchResponse response = consumer.call(V12, KafkaWire.fetch("events", 0, 0));

        assertThat(values(partition(response))).hasSize(5);
        assertThat(logs.slicesRead()).isEqualTo(1);
        assertThat(logs.unreleasedSlices()).isZero();
    }

    @Test
    void shouldHoldWhatAFetchReadWhileItsResponseWaitsItsTurn() {
        // given a fetch that has read, queued behind a long poll on the same connection
        consumer.send(V12, longPoll("quiet"));
        consumer.send(V12, KafkaWire.fetch("events", 0, 0));
        assertThat(logs.unreleasedSlices()).isEqualTo(1);

        // when the long poll times out, both responses leave in order
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));

        // then
        assertThat(values(partition(consumer.receive()))).isEmpty();
        assertThat(values(partition(consumer.receive()))).hasSize(5);
        assertThat(logs.unreleasedSlices()).isZero();
    }

    @Test
    void shouldReleaseWhatAFetchReadWhenTheConnectionClosesBeforeItsResponseIsWritten() {
        // given
        consumer.send(V12, longPoll("quiet"));
        consumer.send(V12, KafkaWire.fetch("events", 0, 0));
        assertThat(logs.unreleasedSlices()).isEqualTo(1);

        // when
        consumer.close();

        // then
        assertThat(logs.unreleasedSlices()).isZero();
    }

    @Test
    void shouldReleaseTheFirstReadOfALongPollThatWaitsForMoreBytes() {
        // given a long poll wanting more than the log holds
        consumer.send(V12, KafkaWire.fetch("events", 0, 0).setMaxWaitMs(MAX_WAIT_MS).setMinBytes(1 << 20));

        // then it holds nothing of what it found while it waits
        assertThat(consumer.hasNoResponse()).isTrue();
        assertThat(logs.slicesRead()).isEqualTo(1);
        assertThat(logs.unreleasedSlices()).isZero();

        // and what it reads when it wakes goes back once written
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));
        assertThat(values(partition(consumer.receive()))).hasSize(5);
        assertThat(logs.slicesRead()).isEqualTo(2);
        assertThat(logs.unreleasedSlices()).isZero();
    }

    @Test
    void shouldUseNothingItGaveBackWhenTheConnectionClosedWhileALongPollWaited() {
        try (CapturedLog errors = new CapturedLog(ErrorMapping.class)) {
            // given a long poll at the end of the log, waiting for a record
            consumer.send(V12, KafkaWire.fetch("events", 0, 5).setMaxWaitMs(MAX_WAIT_MS).setMinBytes(1));
            assertThat(consumer.hasNoResponse()).isTrue();

            // when its connection closes, and then a record arrives for it
            consumer.close();
            producer.call((short) 9, KafkaWire.produce((short) 1, "events", 0, KafkaWire.records("late")));

            // then what it read goes back, and nothing reads it after that
            assertThat(logs.slicesRead()).isEqualTo(1);
            assertThat(logs.unreleasedSlices()).isZero();
            assertThat(errors.lines(Level.ERROR)).isEmpty();
        }
    }

    private static FetchRequestData longPoll(String topic) {
        return KafkaWire.fetch(topic, 0, 0).setMaxWaitMs(MAX_WAIT_MS).setMinBytes(1);
    }

    private static FetchResponseData.PartitionData partition(FetchResponse response) {
        return response.data().responses().get(0).partitions().get(0);
    }
}
