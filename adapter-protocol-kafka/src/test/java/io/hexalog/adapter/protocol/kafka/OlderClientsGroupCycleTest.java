package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.commit;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.fetchOffsets;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.heartbeat;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.offsets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer's whole life in a group, join to leave, at the versions older clients negotiate. The Java
 * client of this build only ever uses the newest ones.
 */
class OlderClientsGroupCycleTest {

    private static final String GROUP = "readers";
    private static final String TOPIC = "events";
    private static final short FIRST_BATCHED_LEAVE_VERSION = 3;

    private final EmbeddedBroker broker = new EmbeddedBroker();

    /** The versions one client uses for each step. */
    record ClientVersions(String client, int join, int sync, int heartbeat, int commit, int fetch, int leave) {

        @Override
        public String toString() {
            return client;
        }
    }

    static List<ClientVersions> clients() {
        return List.of(
                new ClientVersions("the oldest versions served", 0, 0, 0, 2, 1, 0),
                new ClientVersions("kafka-python 2.0.2", 2, 1, 1, 2, 1, 1),
                new ClientVersions("KafkaJS 2.2.4", 5, 3, 3, 5, 4, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void shouldJoinSyncHeartbeatCommitFetchAndLeave(ClientVersions versions) {
        // given
        broker.createTopic(TOPIC, 1);
        GroupMemberClient member = new GroupMemberClient(broker, GROUP, TOPIC);

        // when
        JoinGroupResponseData joined = member.joinAlone((short) versions.join());
        SyncGroupResponseData synced = member.syncAsLeader((short) versions.sync(),
                Map.of(member.memberId(), member.ownAssignment()));
        HeartbeatResponse heartbeat = member.call((short) versions.heartbeat(),
                heartbeat(GROUP, member.memberId(), member.generation()));
        OffsetCommitResponse committed = member.call((short) versions.commit(),
                commit(GROUP, member.memberId(), member.generation(), offsets(TOPIC, 42)));
        LeaveGroupResponse left = member.call((short) versions.leave(), leave(versions, member.memberId()));
        OffsetFetchResponse fetched = member.call((short) versions.fetch(), fetchOffsets(GROUP, TOPIC, 0));

        // then
        assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(joined.leader()).isEqualTo(member.memberId());
        assertThat(GroupRequests.assignedPartitions(synced.assignment())).containsExactly(new TopicPartition(TOPIC, 0));
        assertThat(heartbeat.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(committed.data().topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(left.error()).isEqualTo(Errors.NONE);
        OffsetFetchResponsePartition offset = fetched.data().topics().get(0).partitions().get(0);
        assertThat(offset.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(offset.committedOffset()).isEqualTo(42);
        assertThat(offset.metadata()).isEqualTo("at 42");
    }

    private static LeaveGroupRequestData leave(ClientVersions versions, String memberId) {
        return versions.leave() >= FIRST_BATCHED_LEAVE_VERSION
                ? GroupRequests.leave(GROUP, GroupRequests.leaving(memberId)) : GroupRequests.leave(GROUP, memberId);
    }
}
