package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * ConsumerGroupHeartbeat and ConsumerGroupDescribe on the wire, consumer groups in ListGroups, their classic members,
 * and OffsetFetch's member check (KIP-848).
 */
class ConsumerGroupHandlersTest {

    private static final String GROUP = "billing";
    private static final short V0 = 0;
    private static final short V1 = 1;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    ConsumerGroupHandlersTest() {
        broker.createTopic("orders", 3);
    }

    private static ConsumerGroupHeartbeatRequestData joining(String memberId) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId).setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("orders"))
                .setTopicPartitions(List.of());
    }

    private ConsumerGroupHeartbeatResponseData heartbeat(short version, ConsumerGroupHeartbeatRequestData request) {
        ConsumerGroupHeartbeatResponse response = connection.call(version, request);
        return response.data();
    }

    @Test
    void shouldAdvertiseBothApisAtTheVersionsKafkaClientsUse() {
        assertThat(broker.handlers().find(ApiKeys.CONSUMER_GROUP_HEARTBEAT, V1)).isPresent();
        assertThat(broker.handlers().find(ApiKeys.CONSUMER_GROUP_DESCRIBE, V1)).isPresent();
    }

    @Test
    void shouldHandAJoiningMemberEveryPartitionByTopicId() {
        ConsumerGroupHeartbeatResponseData joined = heartbeat(V1, joining("member-a"));

        assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(joined.memberId()).isEqualTo("member-a");
        assertThat(joined.memberEpoch()).isEqualTo(1);
        assertThat(joined.heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(joined.assignment().topicPartitions()).singleElement().satisfies(topic -> {
            assertThat(topic.topicId()).isEqualTo(broker.topicId("orders"));
            assertThat(topic.partitions()).containsExactlyInAnyOrder(0, 1, 2);
        });
    }

    @Test
    void shouldLeaveTheAssignmentOutOfAHeartbeatThatChangedNothing() {
        heartbeat(V1, joining("member-a"));

        ConsumerGroupHeartbeatResponseData again = heartbeat(V1, new ConsumerGroupHeartbeatRequestData()
                .setGroupId(GROUP).setMemberId("member-a").setMemberEpoch(1));

        assertThat(again.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(again.assignment()).isNull();
    }

    @Test
    void shouldGiveAVersionZeroMemberAnIdButRequireOneFromVersionOne() {
        ConsumerGroupHeartbeatResponseData v0 = heartbeat(V0, joining(""));
        ConsumerGroupHeartbeatResponseData v1 = heartbeat(V1, joining(""));

        assertThat(v0.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(v0.memberId()).isNotEmpty();
        assertThat(v1.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(v1.errorMessage()).contains("MemberId");
    }

    @Test
    void shouldAnswerTheErrorsKafkaAnswers() {
        heartbeat(V1, joining("member-a"));

        assertThat(heartbeat(V1, new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId("member-a")
                .setMemberEpoch(7)).errorCode()).isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
        assertThat(heartbeat(V1, new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId("ghost")
                .setMemberEpoch(3)).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(heartbeat(V1, joining("member-b").setServerAssignor("sticky")).errorCode())
                .isEqualTo(Errors.UNSUPPORTED_ASSIGNOR.code());
        assertThat(heartbeat(V1, joining("member-b").setSubscribedTopicNames(null).setSubscribedTopicRegex("ord[ers"))
                .errorCode()).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());
        assertThat(heartbeat(V1, joining("member-b").setSubscribedTopicNames(null)).errorCode())
                .as("no subscription at all").isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldDescribeAConsumerGroupWithTopicNamesAndNotFindOtherGroups() {
        heartbeat(V1, joining("member-a").setServerAssignor("range"));

        ConsumerGroupDescribeResponse response = connection.call(V1, new ConsumerGroupDescribeRequestData()
                .setGroupIds(List.of(GROUP, "nobody")));

        ConsumerGroupDescribeResponseData.DescribedGroup group = response.data().groups().get(0);
        assertThat(group.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(group.groupState()).isEqualTo("Stable");
        assertThat(group.groupEpoch()).isEqualTo(1);
        assertThat(group.assignmentEpoch()).isEqualTo(1);
        assertThat(group.assignorName()).isEqualTo("range");
        assertThat(group.members()).singleElement().satisfies(member -> {
            assertThat(member.memberId()).isEqualTo("member-a");
            assertThat(member.subscribedTopicNames()).containsExactly("orders");
            assertThat(member.memberType()).isEqualTo((byte) 1);
            assertThat(member.assignment().topicPartitions()).singleElement().satisfies(topic -> {
                assertThat(topic.topicName()).isEqualTo("orders");
                assertThat(topic.topicId()).isEqualTo(broker.topicId("orders"));
                assertThat(topic.partitions()).containsExactlyInAnyOrder(0, 1, 2);
            });
            assertThat(member.targetAssignment()).isEqualTo(member.assignment());
        });
        assertThat(response.data().groups().get(1).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void shouldListConsumerGroupsWithTheirTypeAndFilterByIt() {
        heartbeat(V1, joining("member-a"));
        broker.commitOffsets("offsets-only", GroupRequests.offsets("orders", 0, 5));

        ListGroupsResponse all = connection.call((short) 5, new ListGroupsRequestData());
        ListGroupsResponse consumers = connection.call((short) 5, new ListGroupsRequestData()
                .setTypesFilter(List.of("Consumer")));
        ListGroupsResponse stable = connection.call((short) 5, new ListGroupsRequestData()
                .setStatesFilter(List.of("stable")));

        assertThat(all.data().groups()).extracting(ListedGroup::groupId, ListedGroup::groupType, ListedGroup::protocolType)
                .containsExactly(tuple(GROUP, "consumer", "consumer"), tuple("offsets-only", "classic", ""));
        assertThat(consumers.data().groups()).extracting(ListedGroup::groupId).containsExactly(GROUP);
        assertThat(stable.data().groups()).extracting(ListedGroup::groupId).containsExactly(GROUP);
    }

    @Test
    void shouldSubscribeByRegularExpressionInRe2jSyntaxMatchingWholeNames() {
        broker.createTopic("orders-archive", 1);
        broker.createTopic("reorders", 1);

        ConsumerGroupHeartbeatResponseData joined = heartbeat(V1, joining("member-a").setSubscribedTopicNames(null)
                .setSubscribedTopicRegex("orders.*"));

        assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(joined.assignment().topicPartitions()).extracting(topic -> topic.topicId())
                .containsExactlyInAnyOrder(broker.topicId("orders"), broker.topicId("orders-archive"));
        ConsumerGroupDescribeResponse described = connection.call(V1, new ConsumerGroupDescribeRequestData()
                .setGroupIds(List.of(GROUP)));
        assertThat(described.data().groups().get(0).members().get(0).subscribedTopicRegex()).isEqualTo("orders.*");
    }

    @Test
    void shouldServeAClassicConsumerJoiningAConsumerGroupWithTheBrokersAssignment() {
        heartbeat(V1, joining("member-a"));

        // JoinGroup v5: a new member is given its ID first (MEMBER_ID_REQUIRED), then joins with it
        JoinGroupResponse required = connection.call((short) 5, GroupRequests.join(GROUP, "", "orders"));
        assertThat(required.data().errorCode()).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
        String classic = required.data().memberId();
        JoinGroupResponse joined = connection.call((short) 5, GroupRequests.join(GROUP, classic, "orders"));
        SyncGroupResponse synced = connection.call((short) 5, GroupRequests.sync(GROUP, classic,
                joined.data().generationId(), Map.of()));
        HeartbeatResponse beat = connection.call((short) 4, GroupRequests.heartbeat(GROUP, classic,
                joined.data().generationId()));

        assertThat(joined.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(joined.data().generationId()).isEqualTo(2);
        assertThat(joined.data().protocolName()).isEqualTo("range");
        assertThat(joined.data().leader()).isNotEqualTo(classic);
        assertThat(synced.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(beat.data().errorCode()).as("its partitions are still member-a's, and then free")
                .isIn(Errors.NONE.code(), Errors.REBALANCE_IN_PROGRESS.code());
        heartbeat(V1, new ConsumerGroupHeartbeatRequestData().setGroupId(GROUP).setMemberId("member-a")
                .setMemberEpoch(1).setTopicPartitions(List.of()));
        assertThat(((HeartbeatResponse) connection.call((short) 4, GroupRequests.heartbeat(GROUP, classic, 2)))
                .data().errorCode()).as("what it waited for is free: rejoin").isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());
        JoinGroupResponse rejoined = connection.call((short) 5, GroupRequests.join(GROUP, classic, "orders"));
        SyncGroupResponse assigned = connection.call((short) 5, GroupRequests.sync(GROUP, classic,
                rejoined.data().generationId(), Map.of()));
        assertThat(GroupRequests.assignedPartitions(assigned.data().assignment())).isNotEmpty()
                .allSatisfy(partition -> assertThat(partition.topic()).isEqualTo("orders"));
        ConsumerGroupDescribeResponse described = connection.call(V1, new ConsumerGroupDescribeRequestData()
                .setGroupIds(List.of(GROUP)));
        assertThat(described.data().groups().get(0).members())
                .extracting(ConsumerGroupDescribeResponseData.Member::memberId,
                        ConsumerGroupDescribeResponseData.Member::memberType)
                .containsExactlyInAnyOrder(tuple("member-a", (byte) 1), tuple(classic, (byte) 0));
    }

    @Test
    void shouldLetOnlyAMemberAtItsCurrentEpochFetchTheGroupsOffsetsFromVersionNine() {
        heartbeat(V1, joining("member-a"));
        short v9 = 9;

        OffsetFetchResponse current = connection.call(v9, GroupRequests.fetchOffsets(GroupRequests.group(GROUP,
                GroupRequests.partitions("orders", 0)).setMemberId("member-a").setMemberEpoch(1)));
        OffsetFetchResponse stale = connection.call(v9, GroupRequests.fetchOffsets(GroupRequests.group(GROUP,
                GroupRequests.partitions("orders", 0)).setMemberId("member-a").setMemberEpoch(3)));
        OffsetFetchResponse stranger = connection.call(v9, GroupRequests.fetchOffsets(GroupRequests.group(GROUP,
                GroupRequests.partitions("orders", 0)).setMemberId("ghost").setMemberEpoch(1)));
        OffsetFetchResponse admin = connection.call(v9, GroupRequests.fetchOffsets(GroupRequests.group(GROUP,
                GroupRequests.partitions("orders", 0))));

        assertThat(current.data().groups().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(current.data().groups().get(0).topics()).hasSize(1);
        assertThat(stale.data().groups().get(0).errorCode()).isEqualTo(Errors.STALE_MEMBER_EPOCH.code());
        assertThat(stale.data().groups().get(0).topics()).isEmpty();
        assertThat(stranger.data().groups().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(admin.data().groups().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldKeepTopicIdsAsTheClientSentThem() {
        Uuid id = broker.topicId("orders");

        assertThat(ConsumerGroupHeartbeatHandler.toWire(ConsumerGroupHeartbeatHandler.topicId(id))).isEqualTo(id);
    }
}
