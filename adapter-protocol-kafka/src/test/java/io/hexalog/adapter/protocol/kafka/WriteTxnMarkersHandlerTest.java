package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** WriteTxnMarkers over the wire, as {@code Admin.abortTransaction} sends it to end a hanging transaction. */
class WriteTxnMarkersHandlerTest {

    private static final String TOPIC = "stuck";
    private static final long PRODUCER = 5150L;
    private static final short EPOCH = 2;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @BeforeEach
    void hangingTransaction() {
        broker.createTopic(TOPIC, 1);
        connection.call((short) 9, KafkaWire.produce((short) -1, TOPIC, 0, MemoryRecords.withTransactionalRecords(
                Compression.NONE, PRODUCER, EPOCH, 0, KafkaWire.record("never-ended"))));
    }

    @Test
    void shouldEndTheTransactionWithTheAbortMarker() {
        // when
        WritableTxnMarkerPartitionResult result = write(TOPIC, 0, EPOCH);

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(producerState().activeProducers()).singleElement().satisfies(state ->
                assertThat(state.currentTxnStartOffset()).isEqualTo(-1L));
    }

    @Test
    void shouldRefuseAMarkerOfAnOlderEpochAndKeepTheTransaction() {
        assertThat(write(TOPIC, 0, (short) (EPOCH - 1)).errorCode()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(producerState().activeProducers()).singleElement().satisfies(state ->
                assertThat(state.currentTxnStartOffset()).isZero());
    }

    @Test
    void shouldAnswerUnknownTopicOrPartitionForAPartitionThatDoesNotExist() {
        assertThat(write(TOPIC, 3, EPOCH).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    private WritableTxnMarkerPartitionResult write(String topic, int partition, short epoch) {
        WriteTxnMarkersResponse response = connection.call((short) 1,
                TransactionSamples.abortMarker(topic, partition, PRODUCER, epoch));
        return response.data().markers().get(0).topics().get(0).partitions().get(0);
    }

    private PartitionResponse producerState() {
        DescribeProducersResponse response = connection.call((short) 0, TransactionSamples.describeProducers(TOPIC, 0));
        return response.data().topics().get(0).partitions().get(0);
    }
}
