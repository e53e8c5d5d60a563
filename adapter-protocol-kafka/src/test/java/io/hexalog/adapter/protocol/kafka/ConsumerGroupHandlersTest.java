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
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** ConsumerGroupHeartbeat and ConsumerGroupDescribe on the wire, and consumer groups in ListGroups (KIP-848). */
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
    void shouldKeepTopicIdsAsTheClientSentThem() {
        Uuid id = broker.topicId("orders");

        assertThat(ConsumerGroupHeartbeatHandler.toWire(ConsumerGroupHeartbeatHandler.topicId(id))).isEqualTo(id);
    }
}
