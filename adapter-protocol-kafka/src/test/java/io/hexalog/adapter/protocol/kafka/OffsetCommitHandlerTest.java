package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_GENERATION;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_MEMBER_ID;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.commit;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static io.hexalog.adapter.protocol.kafka.OffsetFetchHandlerTest.committedOffset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** OffsetCommit: generation checks, topics by name up to version 9 and by ID in version 10 (KIP-848). */
class OffsetCommitHandlerTest {

    private static final String GROUP = "readers";
    private static final String TOPIC = "events";
    private static final short V9 = 9;
    private static final short V10 = 10;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();
    private GroupMemberClient member;

    @BeforeEach
    void stableGroup() {
        broker.createTopic(TOPIC, 2);
        member = GroupMemberClient.stableAlone(broker, GROUP, TOPIC);
    }

    @Test
    void shouldCommitOffsetsOfATopicNamedById() {
        // given
        Uuid topicId = broker.topicId(TOPIC);

        // when
        OffsetCommitResponseData response = commitAsMember(V10, offsets(topicId, 5, 7));

        // then
        OffsetCommitResponseTopic topic = response.topics().get(0);
        assertThat(topic.topicId()).isEqualTo(topicId);
        assertThat(topic.partitions()).extracting(OffsetCommitResponsePartition::errorCode)
                .containsExactly(Errors.NONE.code(), Errors.NONE.code());
        assertThat(committedOffset(connection, GROUP, TOPIC, 0)).isEqualTo(5);
        assertThat(committedOffset(connection, GROUP, TOPIC, 1)).isEqualTo(7);
    }

    @Test
    void shouldAnswerAnUnknownTopicIdWithUnknownTopicIdAndStillCommitTheOtherTopics() {
        // given
        Uuid unknown = Uuid.randomUuid();

        // when
        OffsetCommitResponseData response = commitAsMember(V10, offsets(unknown, 1, 2), offsets(broker.topicId(TOPIC), 3));

        // then
        assertThat(response.topics()).extracting(OffsetCommitResponseTopic::topicId)
                .containsExactly(unknown, broker.topicId(TOPIC));
        assertThat(response.topics().get(0).partitions()).extracting(OffsetCommitResponsePartition::errorCode)
                .containsExactly(Errors.UNKNOWN_TOPIC_ID.code(), Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(response.topics().get(1).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(committedOffset(connection, GROUP, TOPIC, 0)).isEqualTo(3);
    }

    @ParameterizedTest(name = "v{0}: {1}")
    @CsvSource({"2, ILLEGAL_GENERATION", "8, ILLEGAL_GENERATION", "9, GROUP_ID_NOT_FOUND"})
    void shouldRefuseAGenerationWithoutMemberForAGroupThatDoesNotExist(short version, Errors expected) {
        // when
        OffsetCommitResponseData response = commitTo(version, commit("nobody", "", 1, offsets(TOPIC, 1)));

        // then
        assertThat(errors(response)).containsExactly(tuple(TOPIC, 0, expected.code()));
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {2, 8, 9})
    void shouldTellANamedMemberOfAGroupThisCoordinatorDoesNotHoldToRejoin(short version) {
        // when: a group lost with the previous coordinator
        OffsetCommitResponseData response = commitTo(version, commit("nobody", "ghost", 1, offsets(TOPIC, 1)));

        // then
        assertThat(errors(response)).containsExactly(tuple(TOPIC, 0, Errors.UNKNOWN_MEMBER_ID.code()));
    }

    @Test
    void shouldRefuseACommitFromAnOldGenerationOrAnUnknownMember() {
        // when
        OffsetCommitResponseData oldGeneration = commitTo(V9,
                commit(GROUP, member.memberId(), member.generation() - 1, offsets(TOPIC, 1)));
        OffsetCommitResponseData unknownMember = commitTo(V9,
                commit(GROUP, "ghost", member.generation(), offsets(TOPIC, 1)));

        // then
        assertThat(errors(oldGeneration)).containsExactly(tuple(TOPIC, 0, Errors.ILLEGAL_GENERATION.code()));
        assertThat(errors(unknownMember)).containsExactly(tuple(TOPIC, 0, Errors.UNKNOWN_MEMBER_ID.code()));
        assertThat(committedOffset(connection, GROUP, TOPIC, 0)).isEqualTo(-1);
    }

    @Test
    void shouldAcceptACommitFromOutsideGroupManagementOnlyForAGroupWithoutMembers() {
        // when
        OffsetCommitResponseData toNewGroup = commitTo(V9, commit("tools", NO_MEMBER_ID, NO_GENERATION, offsets(TOPIC, 4)));
        OffsetCommitResponseData toGroupWithMembers = commitTo(V9,
                commit(GROUP, NO_MEMBER_ID, NO_GENERATION, offsets(TOPIC, 4)));

        // then
        assertThat(errors(toNewGroup)).containsExactly(tuple(TOPIC, 0, Errors.NONE.code()));
        assertThat(committedOffset(connection, "tools", TOPIC, 0)).isEqualTo(4);
        assertThat(errors(toGroupWithMembers)).containsExactly(tuple(TOPIC, 0, Errors.UNKNOWN_MEMBER_ID.code()));
    }

    @Test
    void shouldAnswerPartitionsAndTopicsThatDoNotExistWithUnknownTopicOrPartition() {
        // when
        OffsetCommitResponseData response = commitAsMember(V9,
                offsets(TOPIC, 1, 2, 3), offsets("absent", 1), offsets("no topic/has this name", 1));

        // then
        assertThat(errors(response)).containsExactly(
                tuple(TOPIC, 0, Errors.NONE.code()),
                tuple(TOPIC, 1, Errors.NONE.code()),
                tuple(TOPIC, 2, Errors.UNKNOWN_TOPIC_OR_PARTITION.code()),
                tuple("absent", 0, Errors.UNKNOWN_TOPIC_OR_PARTITION.code()),
                tuple("no topic/has this name", 0, Errors.UNKNOWN_TOPIC_OR_PARTITION.code()));
        assertThat(committedOffset(connection, GROUP, TOPIC, 1)).isEqualTo(2);
    }

    private OffsetCommitResponseData commitAsMember(short version,
                                                   OffsetCommitRequestTopic... topics) {
        return commitTo(version, commit(GROUP, member.memberId(), member.generation(), topics));
    }

    private OffsetCommitResponseData commitTo(short version, OffsetCommitRequestData request) {
        return connection.<OffsetCommitResponse>call(version, request).data();
    }

    /** Topic name, partition and error of every partition answered. */
    private static List<Tuple> errors(OffsetCommitResponseData response) {
        return response.topics().stream().flatMap(topic -> topic.partitions().stream()
                .map(partition -> tuple(topic.name(), partition.partitionIndex(), partition.errorCode()))).toList();
    }
}
