package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static io.hexalog.adapter.protocol.kafka.KafkaRequestHandlerTest.values;
import static org.assertj.core.api.Assertions.assertThat;

class ProduceHandlerTest {

    private static final short ACKS_LEADER = 1;
    private static final short ACKS_NONE = 0;
    private static final short V9 = 9;
    private static final long PRODUCER_ID = 1000L;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @BeforeEach
    void createTopic() {
        broker.createTopic("orders", 2);
    }

    @Test
    void shouldReturnTheBaseOffsetOfEachAppendWithAcksOne() {
        // given
        produce(KafkaWire.records("a", "b"));

        // when
        PartitionProduceResponse second = produce(KafkaWire.records("c"));

        // then
        assertThat(second.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(second.baseOffset()).isEqualTo(2L);
        assertThat(second.logStartOffset()).isZero();
        assertThat(fetched(0)).containsExactly("a", "b", "c");
    }

    @Test
    void shouldStoreButNotAnswerAcksZeroProduceAndKeepLaterResponsesInOrder() {
        // given
        connection.send((short) 3, apiVersions());

        // when
        connection.sendOneWay(V9, KafkaWire.produce(ACKS_NONE, "orders", 0, KafkaWire.records("fire-and-forget")));
        connection.send((short) 3, apiVersions());

        // then
        ApiVersionsResponse first = connection.receive();
        ApiVersionsResponse second = connection.receive();
        assertThat(first.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(second.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(connection.hasNoResponse()).isTrue();
        assertThat(fetched(0)).containsExactly("fire-and-forget");
    }

    @Test
    void shouldCloseTheConnectionWhenAnAcksZeroProduceFails() {
        // given a connection that has been answered before
        connection.send((short) 3, apiVersions());
        ApiVersionsResponse answered = connection.receive();

        // when an acks=0 produce to a topic that does not exist arrives
        connection.sendOneWay(V9, KafkaWire.produce(ACKS_NONE, "no-such-topic", 0, KafkaWire.records("lost")));

        // then, as Kafka does, the broker closes the connection rather than stay silent about the failure
        assertThat(answered.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(connection.hasNoResponse()).isTrue();
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void shouldRefuseBatchWithCorruptedCrcAndNotStoreIt() {
        // given
        MemoryRecords records = KafkaWire.records("intact");
        ByteBuffer corrupted = ByteBuffer.wrap(KafkaWire.bytes(records.buffer()));
        int lastByte = corrupted.limit() - 2;
        corrupted.put(lastByte, (byte) (corrupted.get(lastByte) ^ 0x01));

        // when
        PartitionProduceResponse response = produce(MemoryRecords.readableRecords(corrupted));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
        assertThat(response.baseOffset()).isEqualTo(-1L);
        assertThat(fetchPartition(0).highWatermark()).isZero();
    }

    @Test
    void shouldRefuseZstdBeforeProduceVersionSeven() {
        // when
        ProduceResponse response = connection.call((short) 6,
                KafkaWire.produce(ACKS_LEADER, "orders", 0, KafkaWire.records(Compression.zstd().build(), "z")));

        // then
        assertThat(partition(response).errorCode()).isEqualTo(Errors.UNSUPPORTED_COMPRESSION_TYPE.code());
        assertThat(fetchPartition(0).highWatermark()).isZero();
    }

    @Test
    void shouldAcceptZstdFromProduceVersionSeven() {
        // when
        ProduceResponse response = connection.call((short) 7,
                KafkaWire.produce(ACKS_LEADER, "orders", 0, KafkaWire.records(Compression.zstd().build(), "z")));

        // then
        assertThat(partition(response).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetched(0)).containsExactly("z");
    }

    @Test
    void shouldAnswerARetriedIdempotentBatchWithItsOriginalOffsetAndStoreItOnce() {
        // given
        produce(KafkaWire.records("before"));
        PartitionProduceResponse first = produce(KafkaWire.idempotentRecords(PRODUCER_ID, (short) 0, 0, "x", "y"));

        // when
        PartitionProduceResponse retry = produce(KafkaWire.idempotentRecords(PRODUCER_ID, (short) 0, 0, "x", "y"));

        // then
        assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(retry.baseOffset()).isEqualTo(first.baseOffset()).isEqualTo(1L);
        assertThat(fetched(0)).containsExactly("before", "x", "y");
    }

    @Test
    void shouldRefuseSequenceGapWithOutOfOrderSequenceNumber() {
        // given
        produce(KafkaWire.idempotentRecords(PRODUCER_ID, (short) 0, 0, "x", "y"));

        // when the next batch skips sequence 2
        PartitionProduceResponse response = produce(KafkaWire.idempotentRecords(PRODUCER_ID, (short) 0, 3, "z"));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(fetched(0)).containsExactly("x", "y");
    }

    @Test
    void shouldFenceOlderProducerEpochWithInvalidProducerEpoch() {
        // given
        produce(KafkaWire.idempotentRecords(PRODUCER_ID, (short) 3, 0, "current"));

        // when
        PartitionProduceResponse response = produce(KafkaWire.idempotentRecords(PRODUCER_ID, (short) 2, 1, "zombie"));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(fetched(0)).containsExactly("current");
    }

    @Test
    void shouldAnswerUnknownTopicWithUnknownTopicOrPartition() {
        // when
        ProduceResponse response = connection.call(V9,
                KafkaWire.produce(ACKS_LEADER, "no-such-topic", 0, KafkaWire.records("lost")));

        // then
        assertThat(partition(response).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(broker.topicNames()).containsExactly("orders");
    }

    @Test
    void shouldAnswerUnknownPartitionWithUnknownTopicOrPartition() {
        // when
        ProduceResponse response = connection.call(V9,
                KafkaWire.produce(ACKS_LEADER, "orders", 2, KafkaWire.records("lost")));

        // then
        assertThat(partition(response).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void shouldFailOnlyThePartitionThatFails() {
        // given
        ProduceRequestData request = KafkaWire.produce(ACKS_LEADER, "orders", 0, KafkaWire.records("good"));
        request.topicData().iterator().next().partitionData().add(new ProduceRequestData.PartitionProduceData()
                .setIndex(7).setRecords(KafkaWire.records("bad")));

        // when
        ProduceResponse response = connection.call(V9, request);

        // then
        var partitions = response.data().responses().iterator().next().partitionResponses();
        assertThat(partitions.get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partitions.get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(fetched(0)).containsExactly("good");
    }

    @Test
    void shouldAddressTopicsByIdInProduceVersionThirteen() {
        // given
        ProduceRequestData request = KafkaWire.produce(ACKS_LEADER, null, 1, KafkaWire.records("by-id"));
        request.topicData().iterator().next().setTopicId(broker.topicId("orders"));

        // when
        ProduceResponse response = connection.call((short) 13, request);

        // then
        assertThat(response.data().responses().iterator().next().topicId()).isEqualTo(broker.topicId("orders"));
        assertThat(partition(response).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetched(1)).containsExactly("by-id");
    }

    @Test
    void shouldAnswerUnknownTopicIdWithUnknownTopicId() {
        // given
        ProduceRequestData request = KafkaWire.produce(ACKS_LEADER, null, 0, KafkaWire.records("lost"));
        request.topicData().iterator().next().setTopicId(Uuid.randomUuid());

        // when
        ProduceResponse response = connection.call((short) 13, request);

        // then
        assertThat(partition(response).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void shouldRefuseInvalidAcksWithInvalidRequiredAcks() {
        // when
        ProduceResponse response = connection.call(V9,
                KafkaWire.produce((short) 2, "orders", 0, KafkaWire.records("unsure")));

        // then
        assertThat(partition(response).errorCode()).isEqualTo(Errors.INVALID_REQUIRED_ACKS.code());
        assertThat(fetchPartition(0).highWatermark()).isZero();
    }

    @Test
    void shouldServeTheOldestProduceVersionItHandles() {
        // when
        ProduceResponse response = connection.call((short) 3,
                KafkaWire.produce(ACKS_LEADER, "orders", 0, KafkaWire.records("v3")));

        // then
        assertThat(partition(response).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(fetched(0)).containsExactly("v3");
    }

    @Test
    void shouldCloseConnectionOnProduceVersionAdvertisedButNotServed() {
        // given versions 0-2 are advertised only for librdkafka's sake (KAFKA-18659)
        assertThat(broker.handlers().find(ApiKeys.PRODUCE, (short) 2)).isEmpty();

        // when
        connection.sendBytes(KafkaWire.rawFrame(ApiKeys.PRODUCE.id, 2, 1, new byte[8]));

        // then
        assertThat(connection.isOpen()).isFalse();
    }

    private PartitionProduceResponse produce(MemoryRecords records) {
        return partition(connection.call(V9, KafkaWire.produce(ACKS_LEADER, "orders", 0, records)));
    }

    private static PartitionProduceResponse partition(ProduceResponse response) {
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    private FetchResponseData.PartitionData fetchPartition(int partition) {
        FetchResponse response = broker.connect().call((short) 12, KafkaWire.fetch("orders", partition, 0));
        return response.data().responses().get(0).partitions().get(0);
    }

    private List<String> fetched(int partition) {
        return values(fetchPartition(partition));
    }

    private static ApiVersionsRequestData apiVersions() {
        return new ApiVersionsRequestData().setClientSoftwareName("wire-test").setClientSoftwareVersion("1.0");
    }
}
