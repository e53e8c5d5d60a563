package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The consumer group requests a Java consumer or admin client sends, built with Kafka's classes. Where the
 * shape of a request changed between versions, each shape has its own builder.
 */
final class GroupRequests {

    static final String CONSUMER_PROTOCOL = "consumer";
    static final String RANGE_ASSIGNOR = "range";
    static final int SESSION_TIMEOUT_MS = 10_000;
    static final int REBALANCE_TIMEOUT_MS = 30_000;
    /** The generation of a commit from outside group management (the admin client, manual assignment). */
    static final int NO_GENERATION = -1;
    static final String NO_MEMBER_ID = "";

    private GroupRequests() {
    }

    /** A consumer subscribing to {@code topics} with the range assignor. */
    static JoinGroupRequestData join(String group, String memberId, String... topics) {
        JoinGroupRequestData request = new JoinGroupRequestData().setGroupId(group).setMemberId(memberId)
                .setSessionTimeoutMs(SESSION_TIMEOUT_MS).setRebalanceTimeoutMs(REBALANCE_TIMEOUT_MS)
                .setProtocolType(CONSUMER_PROTOCOL);
        request.protocols().add(new JoinGroupRequestProtocol().setName(RANGE_ASSIGNOR).setMetadata(subscription(topics)));
        return request;
    }

    /** A SyncGroup; only the leader's carries assignments, keyed by member ID. */
    static SyncGroupRequestData sync(String group, String memberId, int generation, Map<String, byte[]> assignments) {
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId(group).setMemberId(memberId)
                .setGenerationId(generation);
        assignments.forEach((member, assignment) -> request.assignments().add(new SyncGroupRequestAssignment()
                .setMemberId(member).setAssignment(assignment)));
        return request;
    }

    static HeartbeatRequestData heartbeat(String group, String memberId, int generation) {
        return new HeartbeatRequestData().setGroupId(group).setMemberId(memberId).setGenerationId(generation);
    }

    /** LeaveGroup v0-2: one member. */
    static LeaveGroupRequestData leave(String group, String memberId) {
        return new LeaveGroupRequestData().setGroupId(group).setMemberId(memberId);
    }

    /** LeaveGroup v3+: a batch of members. */
    static LeaveGroupRequestData leave(String group, MemberIdentity... members) {
        return new LeaveGroupRequestData().setGroupId(group).setMembers(List.of(members));
    }

    static MemberIdentity leaving(String memberId) {
        return new MemberIdentity().setMemberId(memberId);
    }

    static OffsetCommitRequestData commit(String group, String memberId, int generation,
                                          OffsetCommitRequestTopic... topics) {
        return new OffsetCommitRequestData().setGroupId(group).setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(generation).setTopics(List.of(topics));
    }

    /** Offsets to commit for a topic named by name (v2-9): {@code offsets[i]} for partition {@code i}. */
    static OffsetCommitRequestTopic offsets(String topic, long... offsets) {
        return commitPartitions(new OffsetCommitRequestTopic().setName(topic), offsets);
    }

    /** Offsets to commit for a topic named by ID (v10): {@code offsets[i]} for partition {@code i}. */
    static OffsetCommitRequestTopic offsets(Uuid topicId, long... offsets) {
        return commitPartitions(new OffsetCommitRequestTopic().setTopicId(topicId), offsets);
    }

    private static OffsetCommitRequestTopic commitPartitions(OffsetCommitRequestTopic topic, long... offsets) {
        for (int partition = 0; partition < offsets.length; partition++) {
            topic.partitions().add(new OffsetCommitRequestPartition().setPartitionIndex(partition)
                    .setCommittedOffset(offsets[partition]).setCommittedMetadata("at " + offsets[partition]));
        }
        return topic;
    }

    /** OffsetFetch v1-7: one group, some partitions of one topic. */
    static OffsetFetchRequestData fetchOffsets(String group, String topic, Integer... partitions) {
        return new OffsetFetchRequestData().setGroupId(group).setTopics(List.of(
                new OffsetFetchRequestTopic().setName(topic).setPartitionIndexes(List.of(partitions))));
    }

    /** OffsetFetch v2-7: every offset of one group. */
    static OffsetFetchRequestData fetchAllOffsets(String group) {
        return new OffsetFetchRequestData().setGroupId(group).setTopics(null);
    }

    /** OffsetFetch v8+: several groups at once. */
    static OffsetFetchRequestData fetchOffsets(OffsetFetchRequestGroup... groups) {
        return new OffsetFetchRequestData().setGroups(List.of(groups));
    }

    static OffsetFetchRequestGroup group(String group, OffsetFetchRequestTopics... topics) {
        return new OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(topics));
    }

    static OffsetFetchRequestGroup allTopicsOf(String group) {
        return new OffsetFetchRequestGroup().setGroupId(group).setTopics(null);
    }

    static OffsetFetchRequestTopics partitions(String topic, Integer... partitions) {
        return new OffsetFetchRequestTopics().setName(topic).setPartitionIndexes(List.of(partitions));
    }

    static OffsetFetchRequestTopics partitions(Uuid topicId, Integer... partitions) {
        return new OffsetFetchRequestTopics().setTopicId(topicId).setPartitionIndexes(List.of(partitions));
    }

    // The consumer protocol's metadata, as the Java consumer writes it

    static byte[] subscription(String... topics) {
        return KafkaWire.bytes(ConsumerProtocol.serializeSubscription(new Subscription(List.of(topics))));
    }

    static byte[] assignment(TopicPartition... partitions) {
        return KafkaWire.bytes(ConsumerProtocol.serializeAssignment(new Assignment(List.of(partitions))));
    }

    static List<TopicPartition> assignedPartitions(byte[] assignment) {
        return ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(assignment)).partitions();
    }

    static List<String> subscribedTopics(byte[] metadata) {
        return ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata)).topics();
    }
}
