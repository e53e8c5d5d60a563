package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.leaving;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * LeaveGroup: one member with a top-level error before version 3; from version 3 a batch of members, each
 * answered with its own error.
 */
class LeaveGroupHandlerTest {

    private static final String GROUP = "readers";
    private static final String TOPIC = "events";
    private static final short V2 = 2;
    private static final short V5 = 5;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {0, 1, 2})
    void shouldLetTheOneMemberNamedLeave(short version) {
        // given
        GroupMemberClient member = GroupMemberClient.stableAlone(broker, GROUP, TOPIC);

        // when
        LeaveGroupResponseData response = leave(version, GroupRequests.leave(GROUP, member.memberId()));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.members()).isEmpty();
        assertThat(groupState()).isEqualTo("Empty");
    }

    @Test
    void shouldAnswerAnUnknownMemberBeforeVersionThreeWithATopLevelError() {
        // given
        GroupMemberClient.stableAlone(broker, GROUP, TOPIC);

        // when
        LeaveGroupResponseData response = leave(V2, GroupRequests.leave(GROUP, "ghost"));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(groupState()).isEqualTo("Stable");
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {3, 4, 5})
    void shouldAnswerEachMemberOfABatchWithItsOwnError(short version) {
        // given
        GroupMemberClient member = GroupMemberClient.stableAlone(broker, GROUP, TOPIC);

        // when
        LeaveGroupResponseData response = leave(version,
                GroupRequests.leave(GROUP, leaving(member.memberId()), leaving("ghost")));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.members()).extracting(MemberResponse::memberId, MemberResponse::errorCode).containsExactly(
                tuple(member.memberId(), Errors.NONE.code()),
                tuple("ghost", Errors.UNKNOWN_MEMBER_ID.code()));
        assertThat(groupState()).isEqualTo("Empty");
    }

    @Test
    void shouldRemoveAStaticMemberNamedByItsInstanceIdAlone() {
        // given
        new GroupMemberClient(broker, GROUP, TOPIC).joinAlone(broker.newestVersion(ApiKeys.JOIN_GROUP),
                join -> join.setGroupInstanceId("reader-1"));

        // when
        LeaveGroupResponseData response = leave(V5, GroupRequests.leave(GROUP,
                leaving(GroupRequests.NO_MEMBER_ID).setGroupInstanceId("reader-1")));

        // then
        assertThat(response.members()).singleElement().satisfies(left -> {
            assertThat(left.groupInstanceId()).isEqualTo("reader-1");
            assertThat(left.errorCode()).isEqualTo(Errors.NONE.code());
        });
        assertThat(groupState()).isEqualTo("Empty");
    }

    @Test
    void shouldAnswerEveryMemberOfABatchForAnUnknownGroupWithUnknownMemberId() {
        // when
        LeaveGroupResponseData response = leave(V5, GroupRequests.leave("nobody", leaving("ghost"), leaving("phantom")));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.members()).extracting(MemberResponse::memberId).containsExactly("ghost", "phantom");
        assertThat(response.members()).allSatisfy(left ->
                assertThat(left.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code()));
    }

    @Test
    void shouldAnswerTheOneMemberOfAnUnknownGroupBeforeVersionThreeWithUnknownMemberId() {
        // when
        LeaveGroupResponseData response = leave(V2, GroupRequests.leave("nobody", "ghost"));

        // then
        assertThat(response.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    private LeaveGroupResponseData leave(short version, LeaveGroupRequestData request) {
        return connection.<LeaveGroupResponse>call(version, request).data();
    }

    private String groupState() {
        DescribeGroupsResponse described = connection.call(broker.newestVersion(ApiKeys.DESCRIBE_GROUPS),
                new DescribeGroupsRequestData().setGroups(List.of(GROUP)));
        return described.data().groups().get(0).groupState();
    }
}
