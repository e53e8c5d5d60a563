package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_MEMBER_ID;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.RANGE_ASSIGNOR;
import static org.assertj.core.api.Assertions.assertThat;

/** JoinGroup, SyncGroup and Heartbeat: how members come into a generation and learn when to rejoin. */
class GroupMembershipHandlersTest {

    private static final String GROUP = "readers";
    private static final String TOPIC = "events";

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();
    private final short joinVersion = broker.newestVersion(ApiKeys.JOIN_GROUP);
    private final short syncVersion = broker.newestVersion(ApiKeys.SYNC_GROUP);
    private final short heartbeatVersion = broker.newestVersion(ApiKeys.HEARTBEAT);

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {4, 5, 6, 7, 8, 9})
    void shouldHandANewMemberItsIdWithMemberIdRequiredAndAcceptItBack(short version) {
        // given
        JoinGroupResponseData required = join(version, NO_MEMBER_ID);
        String memberId = required.memberId();

        // when
        connection.send(version, GroupRequests.join(GROUP, memberId, TOPIC));
        boolean answeredBeforeTheDelay = !connection.hasNoResponse();
        broker.passInitialRebalanceDelay();

        // then
        assertThat(required.errorCode()).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
        assertThat(memberId).startsWith(KafkaWire.CLIENT_ID + "-");
        assertThat(required.generationId()).isEqualTo(-1);
        assertThat(answeredBeforeTheDelay).isFalse();
        JoinGroupResponseData joined = connection.<JoinGroupResponse>receive().data();
        assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(joined.memberId()).isEqualTo(memberId);
        assertThat(joined.leader()).isEqualTo(memberId);
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.protocolName()).isEqualTo(RANGE_ASSIGNOR);
        assertThat(joined.members()).singleElement().satisfies(member -> {
            assertThat(member.memberId()).isEqualTo(memberId);
            assertThat(GroupRequests.subscribedTopics(member.metadata())).containsExactly(TOPIC);
        });
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {0, 1, 2, 3})
    void shouldGiveANewMemberItsIdInTheJoinAnswerBeforeVersionFour(short version) {
        // given
        GroupMemberClient member = new GroupMemberClient(broker, GROUP, TOPIC);

        // when
        JoinGroupResponseData joined = member.joinAlone(version);

        // then
        assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(joined.memberId()).startsWith(KafkaWire.CLIENT_ID + "-");
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.members()).extracting(JoinGroupResponseMember::memberId).containsExactly(joined.memberId());
    }

    @Test
    void shouldTellAStableMemberToRejoinWhenAnotherJoinsAndStartTheNextGenerationWithBoth() {
        // given
        GroupMemberClient leader = GroupMemberClient.stableAlone(broker, GROUP, TOPIC);
        GroupMemberClient newcomer = new GroupMemberClient(broker, GROUP, TOPIC);
        newcomer.sendJoin(joinVersion);

        // when
        HeartbeatResponseData heartbeat = heartbeat(leader, leader.generation());
        leader.sendJoin(joinVersion);

        // then
        assertThat(heartbeat.errorCode()).isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());
        JoinGroupResponseData leaderJoined = leader.receiveJoin();
        JoinGroupResponseData newcomerJoined = newcomer.receiveJoin();
        assertThat(leaderJoined.generationId()).isEqualTo(2);
        assertThat(newcomerJoined.generationId()).isEqualTo(2);
        assertThat(newcomerJoined.leader()).isEqualTo(leader.memberId());
        assertThat(leaderJoined.members()).extracting(JoinGroupResponseMember::memberId)
                .containsExactlyInAnyOrder(leader.memberId(), newcomer.memberId());
        assertThat(newcomerJoined.members()).isEmpty();
    }

    @Test
    void shouldWaitTheInitialRebalanceDelayAgainWhenAnotherMemberArrivesDuringIt() {
        // given
        GroupMemberClient first = new GroupMemberClient(broker, GROUP, TOPIC);
        GroupMemberClient second = new GroupMemberClient(broker, GROUP, TOPIC);
        first.sendJoin(joinVersion);
        second.sendJoin(joinVersion);

        // when
        broker.passInitialRebalanceDelay();
        boolean answeredAfterOneDelay = !first.connection().hasNoResponse();
        broker.passInitialRebalanceDelay();

        // then
        assertThat(answeredAfterOneDelay).isFalse();
        assertThat(first.receiveJoin().members()).hasSize(2);
        assertThat(second.receiveJoin().generationId()).isEqualTo(1);
    }

    @Test
    void shouldHandEachMemberTheAssignmentTheLeaderSyncs() {
        // given
        broker.createTopic(TOPIC, 2);
        GroupMemberClient leader = new GroupMemberClient(broker, GROUP, TOPIC);
        GroupMemberClient follower = new GroupMemberClient(broker, GROUP, TOPIC);
        leader.sendJoin(joinVersion);
        follower.sendJoin(joinVersion);
        broker.passInitialRebalanceDelay();
        broker.passInitialRebalanceDelay(); // the follower's arrival made the first join phase wait once more
        leader.receiveJoin();
        follower.receiveJoin();

        // when
        follower.sendSyncAsFollower(syncVersion);
        boolean followerAnsweredBeforeLeader = !follower.connection().hasNoResponse();
        SyncGroupResponseData leaderSynced = leader.syncAsLeader(syncVersion, Map.of(
                leader.memberId(), GroupRequests.assignment(new TopicPartition(TOPIC, 0)),
                follower.memberId(), GroupRequests.assignment(new TopicPartition(TOPIC, 1))));

        // then
        assertThat(followerAnsweredBeforeLeader).isFalse();
        SyncGroupResponseData followerSynced = follower.connection().<SyncGroupResponse>receive().data();
        assertThat(GroupRequests.assignedPartitions(leaderSynced.assignment())).containsExactly(new TopicPartition(TOPIC, 0));
        assertThat(GroupRequests.assignedPartitions(followerSynced.assignment())).containsExactly(new TopicPartition(TOPIC, 1));
        assertThat(heartbeat(follower, follower.generation()).errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void shouldAnswerSyncGroupVersionFiveWithTheProtocolTypeAndName() {
        // given
        GroupMemberClient member = new GroupMemberClient(broker, GROUP, TOPIC);
        member.joinAlone(joinVersion);

        // when
        SyncGroupResponseData synced = member.syncAsLeader((short) 5, Map.of(member.memberId(), member.ownAssignment()));

        // then
        assertThat(synced.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(synced.protocolType()).isEqualTo(GroupRequests.CONSUMER_PROTOCOL);
        assertThat(synced.protocolName()).isEqualTo(RANGE_ASSIGNOR);
    }

    @Test
    void shouldRefuseASyncNamingAnotherProtocolWithInconsistentGroupProtocol() {
        // given
        GroupMemberClient member = new GroupMemberClient(broker, GROUP, TOPIC);
        member.joinAlone(joinVersion);
        SyncGroupRequestData sync = GroupRequests.sync(GROUP, member.memberId(), member.generation(), Map.of())
                .setProtocolType(GroupRequests.CONSUMER_PROTOCOL).setProtocolName("roundrobin");

        // when
        SyncGroupResponseData synced = member.<SyncGroupResponse>call((short) 5, sync).data();

        // then
        assertThat(synced.errorCode()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL.code());
        assertThat(synced.assignment()).isEmpty();
    }

    @Test
    void shouldRefuseHeartbeatsFromAnOldGenerationAnUnknownMemberAndAnUnknownGroup() {
        // given
        GroupMemberClient member = GroupMemberClient.stableAlone(broker, GROUP, TOPIC);

        // when
        HeartbeatResponseData oldGeneration = heartbeat(member, member.generation() - 1);
        HeartbeatResponseData unknownMember = connection.<HeartbeatResponse>call(heartbeatVersion,
                GroupRequests.heartbeat(GROUP, "ghost", member.generation())).data();
        HeartbeatResponseData unknownGroup = connection.<HeartbeatResponse>call(heartbeatVersion,
                GroupRequests.heartbeat("nobody", member.memberId(), member.generation())).data();

        // then
        assertThat(oldGeneration.errorCode()).isEqualTo(Errors.ILLEGAL_GENERATION.code());
        assertThat(unknownMember.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(unknownGroup.errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void shouldRefuseASessionTimeoutOutsideTheBrokersBoundsWithInvalidSessionTimeout() {
        // given
        JoinGroupRequestData request = GroupRequests.join(GROUP, NO_MEMBER_ID, TOPIC)
                .setSessionTimeoutMs(EmbeddedBroker.GROUP_CONFIG.minSessionTimeoutMs() - 1);

        // when
        JoinGroupResponseData joined = connection.<JoinGroupResponse>call(joinVersion, request).data();

        // then
        assertThat(joined.errorCode()).isEqualTo(Errors.INVALID_SESSION_TIMEOUT.code());
        assertThat(joined.generationId()).isEqualTo(-1);
    }

    @Test
    void shouldRefuseAnEmptyGroupIdWithInvalidGroupId() {
        // when
        JoinGroupResponseData joined = connection.<JoinGroupResponse>call(joinVersion,
                GroupRequests.join("", NO_MEMBER_ID, TOPIC)).data();

        // then
        assertThat(joined.errorCode()).isEqualTo(Errors.INVALID_GROUP_ID.code());
    }

    private JoinGroupResponseData join(short version, String memberId) {
        return connection.<JoinGroupResponse>call(version, GroupRequests.join(GROUP, memberId, TOPIC)).data();
    }

    private HeartbeatResponseData heartbeat(GroupMemberClient member, int generation) {
        return member.<HeartbeatResponse>call(heartbeatVersion,
                GroupRequests.heartbeat(GROUP, member.memberId(), generation)).data();
    }
}
