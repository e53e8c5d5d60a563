package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.SyncGroupResponse;

import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_GENERATION;
import static io.hexalog.adapter.protocol.kafka.GroupRequests.NO_MEMBER_ID;

/**
 * A consumer group member on a connection of its own, taking the steps a Java consumer takes through the
 * classic protocol. It keeps the member ID and generation the broker gives it, as a consumer does.
 */
final class GroupMemberClient {

    private static final short FIRST_VERSION_REQUIRING_MEMBER_ID = 4;

    private final EmbeddedBroker broker;
    private final EmbeddedBroker.Connection connection;
    private final String group;
    private final String[] topics;
    private String memberId = NO_MEMBER_ID;
    private int generation = NO_GENERATION;

    GroupMemberClient(EmbeddedBroker broker, String group, String... topics) {
        this.broker = broker;
        this.connection = broker.connect();
        this.group = group;
        this.topics = topics;
    }

    /**
     * A member that joined an empty group alone, at the newest versions, and synced assigning itself
     * partition 0 of each topic: the group is stable with this member as its leader.
     */
    static GroupMemberClient stableAlone(EmbeddedBroker broker, String group, String... topics) {
        GroupMemberClient member = new GroupMemberClient(broker, group, topics);
        member.joinAlone(broker.newestVersion(ApiKeys.JOIN_GROUP));
        member.syncAsLeader(broker.newestVersion(ApiKeys.SYNC_GROUP), Map.of(member.memberId, member.ownAssignment()));
        return member;
    }

    /**
     * Sends a JoinGroup, whose answer waits until the join phase ends ({@link #receiveJoin()}). From version 4
     * a new dynamic member is first refused with MEMBER_ID_REQUIRED and asks again with the ID it was given.
     */
    void sendJoin(short version) {
        sendJoin(version, UnaryOperator.identity());
    }

    /**
     * Sends a JoinGroup changed from what a consumer sends, as another kind of member would send it: a static
     * member with its instance ID, a Connect worker with its protocol type.
     */
    void sendJoin(short version, UnaryOperator<JoinGroupRequestData> adjust) {
        JoinGroupRequestData request = adjust.apply(GroupRequests.join(group, memberId, topics));
        boolean dynamic = request.groupInstanceId() == null;
        if (version >= FIRST_VERSION_REQUIRING_MEMBER_ID && dynamic && memberId.equals(NO_MEMBER_ID)) {
            JoinGroupResponse required = connection.call(version, request);
            if (required.data().errorCode() != Errors.MEMBER_ID_REQUIRED.code()) {
                throw new AssertionError("A new member should be asked to rejoin with its ID: " + required.data());
            }
            memberId = required.data().memberId();
            request = adjust.apply(GroupRequests.join(group, memberId, topics));
        }
        connection.send(version, request);
    }

    /** The answer to the JoinGroup sent last; the member takes its ID and generation from it. */
    JoinGroupResponseData receiveJoin() {
        JoinGroupResponseData joined = connection.<JoinGroupResponse>receive().data();
        if (joined.errorCode() == Errors.NONE.code()) {
            memberId = joined.memberId();
            generation = joined.generationId();
        }
        return joined;
    }

    /** Joins a group nobody else joins now: the answer comes once the initial rebalance delay has passed. */
    JoinGroupResponseData joinAlone(short version) {
        return joinAlone(version, UnaryOperator.identity());
    }

    JoinGroupResponseData joinAlone(short version, UnaryOperator<JoinGroupRequestData> adjust) {
        sendJoin(version, adjust);
        broker.passInitialRebalanceDelay();
        return receiveJoin();
    }

    /** The leader's SyncGroup, answered at once with the leader's own assignment. */
    SyncGroupResponseData syncAsLeader(short version, Map<String, byte[]> assignments) {
        return connection.<SyncGroupResponse>call(version, GroupRequests.sync(group, memberId, generation, assignments))
                .data();
    }

    /** A follower's SyncGroup, answered once the leader has synced ({@link EmbeddedBroker.Connection#receive()}). */
    void sendSyncAsFollower(short version) {
        connection.send(version, GroupRequests.sync(group, memberId, generation, Map.of()));
    }

    /** Partition 0 of every topic this member subscribes to, as the consumer protocol encodes it. */
    byte[] ownAssignment() {
        return GroupRequests.assignment(Arrays.stream(topics)
                .map(topic -> new TopicPartition(topic, 0)).toArray(TopicPartition[]::new));
    }

    <T extends AbstractResponse> T call(short version, ApiMessage request) {
        return connection.call(version, request);
    }

    EmbeddedBroker.Connection connection() {
        return connection;
    }

    String memberId() {
        return memberId;
    }

    int generation() {
        return generation;
    }
}
