package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.allTopicsOf;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.fetchAllOffsets;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.fetchOffsets;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.group;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.partitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * OffsetFetch: one group per request in versions 1 to 7, several from version 8 (KIP-709), topics by ID in
 * version 10 (KIP-848). A partition without a committed offset answers -1.
 */
class OffsetFetchHandlerTest {

    private static final String TOPIC = "events";
    private static final String OTHER_TOPIC = "audit";
    private static final short V7 = 7;
    private static final short V8 = 8;
    private static final short V9 = 9;
    private static final short V10 = 10;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @BeforeEach
    void topics() {
        broker.createTopic(TOPIC, 2);
        broker.createTopic(OTHER_TOPIC, 1);
    }

    /** The offset a group committed for a partition, or -1, as an OffsetFetch v9 reads it. */
    static long committedOffset(EmbeddedBroker.Connection connection, String group, String topic, int partition) {
        OffsetFetchResponse response = connection.call(V9, fetchOffsets(group(group, partitions(topic, partition))));
        return response.data().groups().get(0).topics().get(0).partitions().get(0).committedOffset();
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {8, 9})
    void shouldFetchTheOffsetsOfSeveralGroupsInOneRequest(short version) {
        // given
        broker.commitOffsets("readers", offsets(TOPIC, 5));
        broker.commitOffsets("writers", offsets(TOPIC, 9));

        // when
        OffsetFetchResponseData response = fetch(version, fetchOffsets(group("readers", partitions(TOPIC, 0)),
                group("writers", partitions(TOPIC, 0)), group("idle", partitions(TOPIC, 0))));

        // then
        assertThat(response.groups()).extracting(OffsetFetchResponseGroup::groupId, OffsetFetchResponseGroup::errorCode)
                .containsExactly(tuple("readers", Errors.NONE.code()), tuple("writers", Errors.NONE.code()),
                        tuple("idle", Errors.NONE.code()));
        assertThat(response.groups()).extracting(group -> onlyPartition(group).committedOffset())
                .containsExactly(5L, 9L, -1L);
        assertThat(onlyPartition(response.groups().get(0)).metadata()).isEqualTo("at 5");
        assertThat(onlyPartition(response.groups().get(2)).metadata()).isEmpty();
    }

    @Test
    void shouldFetchEveryCommittedOffsetOfAGroupForNullTopics() {
        // given
        broker.commitOffsets("readers", offsets(TOPIC, 5, 6), offsets(OTHER_TOPIC, 1));

        // when
        OffsetFetchResponseData response = fetch(V8, fetchOffsets(allTopicsOf("readers")));

        // then
        assertThat(committed(response.groups().get(0))).containsExactly(
                tuple(OTHER_TOPIC, 0, 1L), tuple(TOPIC, 0, 5L), tuple(TOPIC, 1, 6L));
    }

    @Test
    void shouldFetchOffsetsOfATopicNamedById() {
        // given
        broker.commitOffsets("readers", offsets(TOPIC, 5));
        Uuid topicId = broker.topicId(TOPIC);

        // when
        OffsetFetchResponseData response = fetch(V10, fetchOffsets(group("readers", partitions(topicId, 0, 1))));

        // then
        OffsetFetchResponseTopics topic = response.groups().get(0).topics().get(0);
        assertThat(topic.topicId()).isEqualTo(topicId);
        assertThat(topic.partitions()).extracting(OffsetFetchResponsePartitions::committedOffset,
                OffsetFetchResponsePartitions::errorCode).containsExactly(
                        tuple(5L, Errors.NONE.code()), tuple(-1L, Errors.NONE.code()));
    }

    @Test
    void shouldAnswerAnUnknownTopicIdWithUnknownTopicId() {
        // given
        Uuid unknown = Uuid.randomUuid();

        // when
        OffsetFetchResponseData response = fetch(V10, fetchOffsets(group("readers", partitions(unknown, 0, 1))));

        // then
        OffsetFetchResponseTopics topic = response.groups().get(0).topics().get(0);
        assertThat(topic.topicId()).isEqualTo(unknown);
        assertThat(topic.partitions()).extracting(OffsetFetchResponsePartitions::errorCode)
                .containsExactly(Errors.UNKNOWN_TOPIC_ID.code(), Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(response.groups().get(0).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void shouldNameTopicsByIdWhenFetchingEveryOffsetInVersionTen() {
        // given
        broker.commitOffsets("readers", offsets(TOPIC, 5));

        // when
        OffsetFetchResponseData response = fetch(V10, fetchOffsets(allTopicsOf("readers")));

        // then
        assertThat(response.groups().get(0).topics()).singleElement().satisfies(topic -> {
            assertThat(topic.topicId()).isEqualTo(broker.topicId(TOPIC));
            assertThat(topic.partitions().get(0).committedOffset()).isEqualTo(5);
        });
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {1, 2, 3, 4, 5, 6, 7})
    void shouldFetchOneGroupsOffsetsInTheSingleGroupShape(short version) {
        // given
        broker.commitOffsets("readers", offsets(TOPIC, 5));

        // when
        OffsetFetchResponseData response = fetch(version, fetchOffsets("readers", TOPIC, 0, 1));

        // then
        assertThat(response.groups()).isEmpty();
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.name()).isEqualTo(TOPIC);
            assertThat(topic.partitions()).extracting(OffsetFetchResponsePartition::partitionIndex,
                    OffsetFetchResponsePartition::committedOffset, OffsetFetchResponsePartition::metadata)
                    .containsExactly(tuple(0, 5L, "at 5"), tuple(1, -1L, ""));
        });
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {2, 7})
    void shouldFetchEveryOffsetOfTheGroupForNullTopicsFromVersionTwo(short version) {
        // given
        broker.commitOffsets("readers", offsets(TOPIC, 5), offsets(OTHER_TOPIC, 1));

        // when
        OffsetFetchResponseData response = fetch(version, fetchAllOffsets("readers"));

        // then
        assertThat(response.topics()).extracting(OffsetFetchResponseTopic::name).containsExactly(OTHER_TOPIC, TOPIC);
    }

    @Test
    void shouldReturnTheCommittedLeaderEpochFromVersionFive() {
        // given
        OffsetCommitRequestTopic committed = offsets(TOPIC, 5);
        committed.partitions().get(0).setCommittedLeaderEpoch(3);
        broker.commitOffsets("readers", committed);

        // when
        OffsetFetchResponseData v4 = fetch((short) 4, fetchOffsets("readers", TOPIC, 0));
        OffsetFetchResponseData v5 = fetch((short) 5, fetchOffsets("readers", TOPIC, 0));

        // then
        assertThat(v4.topics().get(0).partitions().get(0).committedLeaderEpoch()).isEqualTo(-1);
        assertThat(v5.topics().get(0).partitions().get(0).committedLeaderEpoch()).isEqualTo(3);
    }

    @Test
    void shouldAnswerANameNoTopicCanHaveWithoutAnOffsetRatherThanFailTheRequest() {
        // when
        OffsetFetchResponseData single = fetch(V7, fetchOffsets("readers", "no topic/has this name", 0));
        OffsetFetchResponseData batched = fetch(V8, fetchOffsets(group("readers", partitions("no topic/has this name", 0))));

        // then
        assertThat(single.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(single.topics().get(0).partitions().get(0).committedOffset()).isEqualTo(-1);
        assertThat(batched.groups().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(onlyPartition(batched.groups().get(0)).committedOffset()).isEqualTo(-1);
        assertThat(onlyPartition(batched.groups().get(0)).errorCode()).isEqualTo(Errors.NONE.code());
    }

    private OffsetFetchResponseData fetch(short version, OffsetFetchRequestData request) {
        return connection.<OffsetFetchResponse>call(version, request).data();
    }

    private static OffsetFetchResponsePartitions onlyPartition(OffsetFetchResponseGroup group) {
        return group.topics().get(0).partitions().get(0);
    }

    private static List<Tuple> committed(OffsetFetchResponseGroup group) {
        return group.topics().stream().flatMap(topic -> topic.partitions().stream()
                .map(partition -> tuple(topic.name(), partition.partitionIndex(), partition.committedOffset()))).toList();
    }
}
