package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hexalog.adapter.protocol.kafka.KafkaRequestHandlerTest.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Fetches read within the broker's fetch memory budget, and give it back once their response is written. */
class FetchMemoryTest {

    private static final short V12 = 12;
    private static final int MAX_WAIT_MS = 500;
    private static final int BUDGET = 10_000;
    private static final String VALUE = "x".repeat(1000);

    private final EmbeddedBroker broker = new EmbeddedBroker(new FetchMemoryBudget(BUDGET));
    private final EmbeddedBroker.Connection producer = broker.connect();
    private final EmbeddedBroker.Connection consumer = broker.connect();
    private final EmbeddedBroker.Connection other = broker.connect();

    @BeforeEach
    void createTopics() {
        broker.createTopic("events", 1);
        broker.createTopic("quiet", 1);
        for (int i = 0; i < 20; i++) {
            producer.call((short) 9, KafkaWire.produce((short) 1, "events", 0, KafkaWire.records(VALUE)));
        }
    }

    @Test
    void shouldTrimAFetchToTheBudget() {
        // when a fetch asks for 1 MB of a log holding about 20 KB
        FetchResponseData.PartitionData partition = partition(consumer.call(V12, KafkaWire.fetch("events", 0, 0)));

        // then
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.records().sizeInBytes()).isPositive().isLessThanOrEqualTo(BUDGET);
        assertThat(values(partition)).hasSizeBetween(1, 9);
    }

    @Test
    void shouldGiveTheMemoryBackOnceTheResponseIsWritten() {
        // when
        consumer.call(V12, KafkaWire.fetch("events", 0, 0));

        // then
        assertThat(broker.fetchMemory().reservedBytes()).isZero();
        assertThat(broker.fetchMemory().peakReservedBytes()).isPositive().isLessThanOrEqualTo(BUDGET);
    }

    @Test
    void shouldMakeAFetchWaitWhileOthersHoldTheWholeBudgetAndServeItOnceTheyAreAnswered() {
        // given a long poll holding the whole budget while it waits for data
        consumer.send(V12, longPoll("quiet"));

        // when
        other.send(V12, KafkaWire.fetch("events", 0, 0));
        boolean servedEarly = !other.hasNoResponse();
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));

        // then
        assertThat(servedEarly).isFalse();
        assertThat(values(partition(consumer.receive()))).isEmpty();
        assertThat(values(partition(other.receive()))).isNotEmpty();
        assertThat(broker.fetchMemory().reservedBytes()).isZero();
    }

    @Test
    void shouldGiveTheMemoryBackWhenTheConnectionClosesBeforeTheResponseIsWritten() {
        // given
        consumer.send(V12, longPoll("quiet"));
        other.send(V12, KafkaWire.fetch("events", 0, 0));
        assertThat(other.hasNoResponse()).isTrue();

        // when
        consumer.close();
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));

        // then
        assertThat(values(partition(other.receive()))).isNotEmpty();
        assertThat(broker.fetchMemory().reservedBytes()).isZero();
    }

    @Test
    void shouldNotReadForAFetchWhoseConnectionClosedWhileItWaitedForMemory() {
        // given
        consumer.send(V12, longPoll("quiet"));
        other.send(V12, KafkaWire.fetch("events", 0, 0));

        // when
        other.close();
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS));
        consumer.receive();

        // then nothing was read for the closed connection: the budget never held more than the long poll's share
        assertThat(other.isOpen()).isFalse();
        assertThat(broker.fetchMemory().reservedBytes()).isZero();
        assertThat(broker.fetchMemory().peakReservedBytes()).isEqualTo(BUDGET);
    }

    private static FetchRequestData longPoll(String topic) {
        return KafkaWire.fetch(topic, 0, 0).setMaxWaitMs(MAX_WAIT_MS).setMinBytes(1);
    }

    private static FetchResponseData.PartitionData partition(FetchResponse response) {
        return response.data().responses().get(0).partitions().get(0);
    }
}
