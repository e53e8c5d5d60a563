package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** DescribeProducers over the wire: the producers of a partition and where their open transactions began. */
class DescribeProducersHandlerTest {

    private static final String TXN = "ledger";
    private static final String TOPIC = "entries";

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldDescribeAnOpenTransactionWithItsStartOffsetAndAnIdempotentProducerWithout() {
        // given
        broker.createTopic(TOPIC, 1);
        connection.call((short) 9, KafkaWire.produce((short) -1, TOPIC, 0, KafkaWire.records("plain")));
        connection.call((short) 9, KafkaWire.produce((short) -1, TOPIC, 0,
                KafkaWire.idempotentRecords(4242L, (short) 3, 0, "a", "b")));
        ProducerIdAndEpoch transactional = TransactionSamples.initialised(broker, TXN);
        connection.call((short) 3, TransactionSamples.addPartitions(TXN, transactional, TOPIC, 0));
        ProduceResponse produced = connection.call((short) 9,
                TransactionSamples.transactionalProduce(TXN, transactional, 0, TOPIC, 0, "in-transaction"));

        // when
        PartitionResponse partition = describe(TOPIC, 0);

        // then
        assertThat(produced.errorCounts()).containsOnlyKeys(Errors.NONE);
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.activeProducers()).extracting(ProducerState::producerId, ProducerState::producerEpoch,
                        ProducerState::lastSequence, ProducerState::coordinatorEpoch, ProducerState::currentTxnStartOffset)
                .containsExactlyInAnyOrder(
                        tuple(4242L, 3, 1, -1, -1L),
                        tuple(transactional.producerId(), (int) transactional.epoch(), 0,
                                -1, 3L));
        assertThat(partition.activeProducers()).allSatisfy(producer ->
                assertThat(producer.lastTimestamp()).isPositive());
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionForAPartitionThatDoesNotExist() {
        broker.createTopic(TOPIC, 1);

        assertThat(describe(TOPIC, 5).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(describe("missing", 0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void shouldAdvertiseVersionZero() {
        ApiVersionsResponse versions = connection.call((short) 3, new ApiVersionsRequestData()
                .setClientSoftwareName("test").setClientSoftwareVersion("1"));

        assertThat(versions.apiVersion(ApiKeys.DESCRIBE_PRODUCERS.id)).satisfies(range -> {
            assertThat(range.minVersion()).isZero();
            assertThat(range.maxVersion()).isZero();
        });
    }

    private PartitionResponse describe(String topic, int partition) {
        DescribeProducersResponse response = connection.call((short) 0,
                TransactionSamples.describeProducers(topic, partition));
        return response.data().topics().get(0).partitions().get(0);
    }
}
