package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ListOffsetsHandlerTest {

    private static final short V9 = 9;
    private static final int UNKNOWN_EPOCH = -1;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @BeforeEach
    void produceRecords() {
        broker.createTopic("clicks", 1);
        produce(record(1_000, "a"), record(3_000, "b"));
        produce(record(2_000, "c"), record(5_000, "d"), record(4_000, "e"));
    }

    @Test
    void shouldListEarliestOffset() {
        // when
        ListOffsetsPartitionResponse response = listOffset(ListOffsetsRequest.EARLIEST_TIMESTAMP, UNKNOWN_EPOCH);

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.offset()).isZero();
    }

    @Test
    void shouldListLatestOffset() {
        // when
        ListOffsetsPartitionResponse response = listOffset(ListOffsetsRequest.LATEST_TIMESTAMP, UNKNOWN_EPOCH);

        // then
        assertThat(response.offset()).isEqualTo(5L);
        assertThat(response.leaderEpoch()).isZero();
    }

    @Test
    void shouldListFirstOffsetAtOrAfterTimestamp() {
        // when
        ListOffsetsPartitionResponse response = listOffset(2_500, UNKNOWN_EPOCH);

        // then the first batch's max timestamp (3000) qualifies, and in it record 1
        assertThat(response.offset()).isEqualTo(1L);
        assertThat(response.timestamp()).isEqualTo(3_000L);
    }

    @Test
    void shouldListNoOffsetForTimestampAfterEveryRecord() {
        // when
        ListOffsetsPartitionResponse response = listOffset(9_000, UNKNOWN_EPOCH);

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.offset()).isEqualTo(-1L);
        assertThat(response.timestamp()).isEqualTo(-1L);
    }

    @Test
    void shouldListOffsetOfMaxTimestamp() {
        // when
        ListOffsetsPartitionResponse response = listOffset(ListOffsetsRequest.MAX_TIMESTAMP, UNKNOWN_EPOCH);

        // then
        assertThat(response.offset()).isEqualTo(3L);
        assertThat(response.timestamp()).isEqualTo(5_000L);
    }

    @ParameterizedTest
    @ValueSource(shorts = {1, 2, 3})
    void shouldAnswerVersionsWithoutLeaderEpochLeavingItOut(short version) {
        // when librdkafka 2.0 looks up the earliest offset at v1-v3, whose responses have no leader epoch field
        ListOffsetsPartitionResponse response = partition(connection.call(version,
                request("clicks", ListOffsetsRequest.EARLIEST_TIMESTAMP, UNKNOWN_EPOCH)));

        // then it is answered, not dropped with the connection
        assertThat(connection.isOpen()).isTrue();
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.offset()).isZero();
        assertThat(response.leaderEpoch()).isEqualTo(UNKNOWN_EPOCH);
    }

    @Test
    void shouldAnswerUnknownTopicWithUnknownTopicOrPartition() {
        // when
        ListOffsetsPartitionResponse response = partition(connection.call(V9,
                request("nowhere", ListOffsetsRequest.LATEST_TIMESTAMP, UNKNOWN_EPOCH)));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void shouldFenceStaleCurrentLeaderEpochWithFencedLeaderEpoch() {
        // given
        broker.cluster().leaderEpoch(2);

        // when
        ListOffsetsPartitionResponse response = listOffset(ListOffsetsRequest.LATEST_TIMESTAMP, 1);

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.FENCED_LEADER_EPOCH.code());
    }

    @Test
    void shouldAnswerNewerCurrentLeaderEpochWithUnknownLeaderEpoch() {
        // when
        ListOffsetsPartitionResponse response = listOffset(ListOffsetsRequest.LATEST_TIMESTAMP, 1);

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH.code());
    }

    private void produce(SimpleRecord... records) {
        connection.call((short) 9, KafkaWire.produce((short) 1, "clicks", 0,
                MemoryRecords.withRecords(Compression.NONE, records)));
    }

    private static SimpleRecord record(long timestamp, String value) {
        return KafkaWire.record(timestamp, value);
    }

    private ListOffsetsPartitionResponse listOffset(long timestamp, int currentLeaderEpoch) {
        return partition(connection.call(V9, request("clicks", timestamp, currentLeaderEpoch)));
    }

    private static ListOffsetsRequestData request(String topic, long timestamp, int currentLeaderEpoch) {
        ListOffsetsTopic listed = new ListOffsetsTopic().setName(topic);
        listed.partitions().add(new ListOffsetsPartition().setPartitionIndex(0)
                .setTimestamp(timestamp).setCurrentLeaderEpoch(currentLeaderEpoch));
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
        request.topics().add(listed);
        return request;
    }

    private static ListOffsetsPartitionResponse partition(ListOffsetsResponse response) {
        return response.data().topics().get(0).partitions().get(0);
    }
}
