package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static io.hexalog.adapter.protocol.kafka.OffsetFetchHandlerTest.committedOffset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * DeleteGroups removes groups without members, with their offsets (NON_EMPTY_GROUP otherwise). OffsetDelete
 * (KIP-496) removes a group's offsets except of topics its consumers subscribe to (GROUP_SUBSCRIBED_TO_TOPIC).
 */
class DeleteGroupsAndOffsetsHandlerTest {

    private static final String TOPIC = "events";
    private static final String OTHER_TOPIC = "audit";
    private static final short V0 = 0;
    private static final short V3 = 3;
    private static final short COMMIT_BY_NAME = 9;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @BeforeEach
    void topics() {
        broker.createTopic(TOPIC, 1);
        broker.createTopic(OTHER_TOPIC, 1);
    }

    @Test
    void shouldRefuseToDeleteAGroupWithMembersWithNonEmptyGroup() {
        // given
        GroupMemberClient.stableAlone(broker, "readers", TOPIC);

        // when
        DeletableGroupResult result = deleteGroups("readers").get(0);

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.NON_EMPTY_GROUP.code());
        assertThat(result.errorMessage()).contains("readers");
        assertThat(describe("readers").groupState()).isEqualTo("Stable");
    }

    @Test
    void shouldDeleteAGroupWithoutMembersAndItsOffsets() {
        // given
        broker.commitOffsets("idle", offsets(TOPIC, 5));

        // when
        DeletableGroupResult result = deleteGroups("idle").get(0);

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.errorMessage()).isNull();
        assertThat(describe("idle").errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(committedOffset(connection, "idle", TOPIC, 0)).isEqualTo(-1);
    }

    @Test
    void shouldAnswerAnUnknownGroupWithGroupIdNotFoundAndAGroupNamedTwiceOnce() {
        // given
        broker.commitOffsets("idle", offsets(TOPIC, 5));

        // when
        List<DeletableGroupResult> results = deleteGroups("nobody", "idle", "idle");

        // then
        assertThat(results).extracting(DeletableGroupResult::groupId, DeletableGroupResult::errorCode).containsExactly(
                tuple("nobody", Errors.GROUP_ID_NOT_FOUND.code()), tuple("idle", Errors.NONE.code()));
    }

    @Test
    void shouldKeepTheOffsetsOfTopicsTheGroupSubscribesToAndDeleteTheOthers() {
        // given
        GroupMemberClient member = GroupMemberClient.stableAlone(broker, "readers", TOPIC);
        member.call(COMMIT_BY_NAME, GroupRequests.commit("readers", member.memberId(), member.generation(),
                offsets(TOPIC, 5), offsets(OTHER_TOPIC, 7)));

        // when
        OffsetDeleteResponseData response = deleteOffsets("readers", TOPIC, OTHER_TOPIC);

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(errors(response)).containsExactly(
                tuple(TOPIC, 0, Errors.GROUP_SUBSCRIBED_TO_TOPIC.code()), tuple(OTHER_TOPIC, 0, Errors.NONE.code()));
        assertThat(committedOffset(connection, "readers", TOPIC, 0)).isEqualTo(5);
        assertThat(committedOffset(connection, "readers", OTHER_TOPIC, 0)).isEqualTo(-1);
    }

    @Test
    void shouldRefuseToDeleteOffsetsOfAGroupWithMembersThatAreNotConsumers() {
        // given
        new GroupMemberClient(broker, "workers").joinAlone(broker.newestVersion(ApiKeys.JOIN_GROUP),
                join -> join.setProtocolType("connect"));

        // when
        OffsetDeleteResponseData response = deleteOffsets("workers", OTHER_TOPIC);

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NON_EMPTY_GROUP.code());
        assertThat(response.topics()).isEmpty();
    }

    @Test
    void shouldAnswerPartitionsThatDoNotExistWithUnknownTopicOrPartitionAndAnUnknownGroupAtTheTop() {
        // given
        broker.commitOffsets("idle", offsets(TOPIC, 5));

        // when
        OffsetDeleteResponseData missingPartitions = deleteOffsets("idle", "absent", TOPIC);
        OffsetDeleteResponseData unknownGroup = deleteOffsets("nobody", TOPIC);

        // then
        assertThat(errors(missingPartitions)).containsExactly(
                tuple("absent", 0, Errors.UNKNOWN_TOPIC_OR_PARTITION.code()), tuple(TOPIC, 0, Errors.NONE.code()));
        assertThat(unknownGroup.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(unknownGroup.topics()).isEmpty();
    }

    private List<DeletableGroupResult> deleteGroups(String... groups) {
        DeleteGroupsResponse response = connection.call(V3, new DeleteGroupsRequestData().setGroupsNames(List.of(groups)));
        return List.copyOf(response.data().results());
    }

    /** Deletes the offsets of partition 0 of each topic. */
    private OffsetDeleteResponseData deleteOffsets(String group, String... topics) {
        OffsetDeleteRequestData request = new OffsetDeleteRequestData().setGroupId(group);
        Arrays.stream(topics).forEach(topic -> request.topics().add(new OffsetDeleteRequestTopic().setName(topic)
                .setPartitions(List.of(new OffsetDeleteRequestPartition().setPartitionIndex(0)))));
        return connection.<OffsetDeleteResponse>call(V0, request).data();
    }

    private DescribedGroup describe(String group) {
        DescribeGroupsResponse response = connection.call(broker.newestVersion(ApiKeys.DESCRIBE_GROUPS),
                new DescribeGroupsRequestData().setGroups(List.of(group)));
        return response.data().groups().get(0);
    }

    /** Topic name, partition and error of every partition answered. */
    private static List<Tuple> errors(OffsetDeleteResponseData response) {
        return response.topics().stream().flatMap(topic -> topic.partitions().stream()
                .map(partition -> tuple(topic.name(), partition.partitionIndex(), partition.errorCode()))).toList();
    }
}
