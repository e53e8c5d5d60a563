package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.hexalog.adapter.protocol.kafka.KafkaRequestHandlerTest.values;
import static org.assertj.core.api.Assertions.assertThat;

class FetchHandlerTest {

    private static final short V12 = 12;
    private static final short V17 = 17;
    private static final int MAX_WAIT_MS = 500;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection consumer = broker.connect();
    private final EmbeddedBroker.Connection producer = broker.connect();

    @BeforeEach
    void createTopic() {
        broker.createTopic("events", 1);
    }

    @Test
    void shouldReturnProducedRecordsWithOffsets() {
        // given
        produce("a", "b");

        // when
        FetchResponseData.PartitionData partition = partition(consumer.call(V12, KafkaWire.fetch("events", 0, 0)));

        // then
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.highWatermark()).isEqualTo(2L);
        assertThat(partition.lastStableOffset()).isEqualTo(2L);
        assertThat(partition.logStartOffset()).isZero();
        assertThat(values(partition)).containsExactly("a", "b");
    }

    @Test
    void shouldHoldLongPollFetchOnEmptyPartitionUntilProduceArrives() {
        // given
        consumer.send(V12, longPoll());
        assertThat(consumer.hasNoResponse()).isTrue();

        // when
        produce("late");

        // then
        FetchResponseData.PartitionData partition = partition(consumer.receive());
        assertThat(values(partition)).containsExactly("late");
        assertThat(broker.scheduler().pendingTasks()).isZero();
    }

    @Test
    void shouldAnswerLongPollFetchEmptyWhenMaxWaitPasses() {
        // given
        consumer.send(V12, longPoll());

        // when
        broker.scheduler().advance(Duration.ofMillis(MAX_WAIT_MS - 1));
        boolean answeredEarly = !consumer.hasNoResponse();
        broker.scheduler().advance(Duration.ofMillis(1));

        // then
        assertThat(answeredEarly).isFalse();
        FetchResponseData.PartitionData partition = partition(consumer.receive());
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(values(partition)).isEmpty();
    }

    @Test
    void shouldKeepResponsesInRequestOrderBehindALongPollFetch() {
        // given
        RequestHeader fetch = consumer.send(V12, longPoll());
        RequestHeader metadata = consumer.send((short) 12, new MetadataRequestData().setTopics(null));

        // when
        boolean metadataOvertook = !consumer.hasNoResponse();
        produce("unblock");

        // then
        assertThat(metadataOvertook).isFalse();
        FetchResponse first = consumer.receive();
        MetadataResponse second = consumer.receive();
        assertThat(values(partition(first))).containsExactly("unblock");
        assertThat(second.data().topics()).hasSize(1);
        assertThat(fetch.correlationId()).isLessThan(metadata.correlationId());
    }

    @Test
    void shouldAnswerFetchNamingASessionWithFetchSessionIdNotFound() {
        // when
        FetchResponse response = consumer.call(V12, KafkaWire.fetch("events", 0, 0).setSessionId(42).setSessionEpoch(1));

        // then
        assertThat(response.data().errorCode()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
        assertThat(response.data().sessionId()).isZero();
    }

    @Test
    void shouldAnswerOffsetBeyondLogEndWithOffsetOutOfRange() {
        // given
        produce("only");

        // when
        FetchResponseData.PartitionData partition = partition(consumer.call(V12, KafkaWire.fetch("events", 0, 5)));

        // then
        assertThat(partition.errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        assertThat(partition.highWatermark()).isEqualTo(-1L);
    }

    @Test
    void shouldAnswerOffsetOutOfRangeAtOnceEvenForALongPoll() {
        // when
        consumer.send(V12, longPollAt(3));

        // then
        assertThat(partition(consumer.receive()).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
    }

    @Test
    void shouldFenceStaleCurrentLeaderEpochWithFencedLeaderEpoch() {
        // given the partition's leader moved on to epoch 2
        broker.cluster().leaderEpoch(2);
        FetchRequestData request = KafkaWire.fetch("events", 0, 0);
        request.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(1);

        // when
        FetchResponseData.PartitionData partition = partition(consumer.call(V12, request));

        // then
        assertThat(partition.errorCode()).isEqualTo(Errors.FENCED_LEADER_EPOCH.code());
    }

    @Test
    void shouldAnswerNewerCurrentLeaderEpochWithUnknownLeaderEpoch() {
        // given
        FetchRequestData request = KafkaWire.fetch("events", 0, 0);
        request.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(1);

        // when
        FetchResponseData.PartitionData partition = partition(consumer.call(V12, request));

        // then
        assertThat(partition.errorCode()).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH.code());
    }

    @Test
    void shouldAnswerUnknownTopicWithUnknownTopicOrPartition() {
        // when
        FetchResponseData.PartitionData partition = partition(consumer.call(V12, KafkaWire.fetch("nowhere", 0, 0)));

        // then
        assertThat(partition.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void shouldAnswerLongPollForUnknownTopicWithoutWaiting() {
        // given
        FetchRequestData request = KafkaWire.fetch("nowhere", 0, 0).setMaxWaitMs(MAX_WAIT_MS).setMinBytes(1);

        // when
        consumer.send(V12, request);

        // then
        assertThat(consumer.hasNoResponse()).as("answered before max wait").isFalse();
        assertThat(partition(consumer.receive()).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void shouldFetchByTopicIdFromVersionThirteen() {
        // given
        produce("by-id");
        Uuid id = broker.topicId("events");

        // when
        FetchResponse response = consumer.call(V17, KafkaWire.fetch(null, id, 0, 0));

        // then
        FetchResponseData.FetchableTopicResponse topic = response.data().responses().get(0);
        assertThat(topic.topicId()).isEqualTo(id);
        assertThat(values(topic.partitions().get(0))).containsExactly("by-id");
    }

    @Test
    void shouldAnswerUnknownTopicIdWithUnknownTopicId() {
        // when
        FetchResponse response = consumer.call(V17, KafkaWire.fetch(null, Uuid.randomUuid(), 0, 0));

        // then
        assertThat(partition(response).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    private void produce(String... values) {
        producer.call((short) 9, KafkaWire.produce((short) 1, "events", 0, KafkaWire.records(values)));
    }

    private static FetchRequestData longPoll() {
        return longPollAt(0);
    }

    private static FetchRequestData longPollAt(long offset) {
        return KafkaWire.fetch("events", 0, offset).setMaxWaitMs(MAX_WAIT_MS).setMinBytes(1);
    }

    private static FetchResponseData.PartitionData partition(FetchResponse response) {
        return response.data().responses().get(0).partitions().get(0);
    }
}
