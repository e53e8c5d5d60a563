package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.message.MetadataRequestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the listener tells its {@link KafkaProtocolAdapter.TrafficListener} about the requests it serves. */
class TrafficListenerTest {

    private static final short ACKS_LEADER = 1;
    private static final short PRODUCE_V9 = 9;
    private static final short FETCH_V12 = 12;
    private static final short METADATA_V12 = 12;

    private final RecordingTrafficListener traffic = new RecordingTrafficListener();
    private final EmbeddedBroker broker = new EmbeddedBroker(traffic);
    private final EmbeddedBroker.Connection connection = broker.connect();

    @BeforeEach
    void createTopics() {
        broker.createTopic("orders", 2);
        broker.createTopic("payments", 1);
    }

    @Test
    void shouldTellTheRecordsAndBytesEachProduceAppendedByTopic() {
        // given
        MemoryRecords three = KafkaWire.records("a", "b", "c");
        MemoryRecords one = KafkaWire.records("d");

        // when
        produce("orders", three);
        produce("payments", one);

        // then
        assertThat(traffic.produced).containsExactly(
                "orders " + 3 + " " + three.sizeInBytes(),
                "payments " + 1 + " " + one.sizeInBytes());
        assertThat(traffic.requests).containsExactly("Produce", "Produce");
    }

    @Test
    void shouldNotCountAProduceThatFailed() {
        // when
        ProduceResponse response = connection.call(PRODUCE_V9,
                KafkaWire.produce(ACKS_LEADER, "orders", 7, KafkaWire.records("lost")));

        // then the request is counted, the records are not
        assertThat(response.errorCounts()).containsKey(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(traffic.produced).isEmpty();
        assertThat(traffic.requests).containsExactly("Produce");
    }

    @Test
    void shouldTellTheBytesEachFetchReturnedByTopicAndNothingForAnEmptyRead() {
        // given
        MemoryRecords stored = KafkaWire.records("a", "b");
        produce("orders", stored);

        // when
        FetchResponse read = connection.call(FETCH_V12, KafkaWire.fetch("orders", 0, 0));
        FetchResponse empty = connection.call(FETCH_V12, KafkaWire.fetch("payments", 0, 0));

        // then
        assertThat(read.error()).isEqualTo(Errors.NONE);
        assertThat(empty.error()).isEqualTo(Errors.NONE);
        assertThat(traffic.fetched).containsExactly("orders " + stored.sizeInBytes());
        assertThat(traffic.requests).containsExactly("Produce", "Fetch", "Fetch");
    }

    @Test
    void shouldTellEveryRequestByKafkaApiNameWithItsLatency() {
        // when
        MetadataResponse metadata = connection.call(METADATA_V12, new MetadataRequestData().setTopics(null));

        // then
        assertThat(metadata.topicMetadata()).hasSize(2);
        assertThat(traffic.requests).containsExactly("Metadata");
        assertThat(traffic.latenciesNanos).allSatisfy(nanos -> assertThat(nanos).isNotNegative());
    }

    private void produce(String topic, MemoryRecords records) {
        ProduceResponse response = connection.call(PRODUCE_V9, KafkaWire.produce(ACKS_LEADER, topic, 0, records));
        PartitionProduceResponse partition = response.data().responses().iterator().next().partitionResponses().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
    }

    /** Writes down what it is told, one line per call. */
    private static final class RecordingTrafficListener implements KafkaProtocolAdapter.TrafficListener {

        final List<String> requests = new ArrayList<>();
        final List<Long> latenciesNanos = new ArrayList<>();
        final List<String> produced = new ArrayList<>();
        final List<String> fetched = new ArrayList<>();

        @Override
        public void requestCompleted(String api, long latencyNanos) {
            requests.add(api);
            latenciesNanos.add(latencyNanos);
        }

        @Override
        public void produced(String topic, int records, int bytes) {
            produced.add(topic + " " + records + " " + bytes);
        }

        @Override
        public void fetched(String topic, int bytes) {
            fetched.add(topic + " " + bytes);
        }
    }
}
