package io.hexalog.domain.group.consumer;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicId;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a consumer group must keep to outlive its coordinator: what Kafka writes to {@code __consumer_offsets} as
 * ConsumerGroupMetadata, ConsumerGroupMemberMetadata, TargetAssignment and CurrentMemberAssignment records. A
 * coordinator that takes the group over rebuilds it from this ({@link ConsumerGroup#restore}), so that its members
 * go on heartbeating with the member IDs and epochs they have. Timers are not part of it: a restored group's members
 * get a fresh session. Immutable.
 *
 * @param groupEpoch       the group epoch
 * @param assignmentEpoch  the epoch the target assignment was computed for
 * @param assignorName     the assignor that computed it
 * @param subscribedTopics the topics the members subscribe to that existed at the last epoch, by name
 * @param members          every member, in the order they joined, with its epochs, subscription, current assignment
 *                         and partitions pending revocation
 * @param targetAssignment each member's target (members with an empty target may be absent)
 * @param assignmentEpochs for each member, the epoch at which it was given each partition it owns (KIP-1251)
 */
public record ConsumerGroupImage(GroupId groupId, int groupEpoch, int assignmentEpoch, String assignorName,
                                 Map<String, TopicMetadata> subscribedTopics, List<ConsumerGroupMember> members,
                                 Map<String, PartitionAssignment> targetAssignment,
                                 Map<String, Map<TopicId, Map<Integer, Integer>>> assignmentEpochs) {

    public ConsumerGroupImage {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(assignorName, "assignorName");
        subscribedTopics = Map.copyOf(subscribedTopics);
        members = List.copyOf(members);
        targetAssignment = Map.copyOf(targetAssignment);
        assignmentEpochs = deepCopy(assignmentEpochs);
        if (groupEpoch < 0 || assignmentEpoch < 0) {
            throw new IllegalArgumentException("Epochs must not be negative: " + groupEpoch + ", " + assignmentEpoch);
        }
        if (assignmentEpoch > groupEpoch) {
            throw new IllegalArgumentException("The assignment epoch " + assignmentEpoch
                    + " cannot be ahead of the group epoch " + groupEpoch);
        }
    }

    private static Map<String, Map<TopicId, Map<Integer, Integer>>> deepCopy(
            Map<String, Map<TopicId, Map<Integer, Integer>>> epochs) {
        Map<String, Map<TopicId, Map<Integer, Integer>>> copy = new HashMap<>();
        epochs.forEach((member, byTopic) -> {
            Map<TopicId, Map<Integer, Integer>> topics = new HashMap<>();
            byTopic.forEach((topic, partitions) -> {
                if (!partitions.isEmpty()) {
                    topics.put(topic, Map.copyOf(new TreeMap<>(partitions)));
                }
            });
            if (!topics.isEmpty()) {
                copy.put(member, Map.copyOf(topics));
            }
        });
        return Map.copyOf(copy);
    }
}
