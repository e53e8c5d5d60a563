package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The member epoch at which each member was given each partition it owns (KIP-1251). An offset commit sent
 * with an epoch older than the member's current one is still the member's own for a partition it has owned
 * since that epoch: its client committed before it heard of the newer epoch.
 */
final class AssignmentEpochs {

    private final Map<String, Map<TopicId, Map<Integer, Integer>>> byMember = new HashMap<>();

    /** The member now owns {@code after} at {@code epoch}: partitions new to it take that epoch, lost ones go. */
    void update(String memberId, PartitionAssignment after, int epoch) {
        Map<TopicId, Map<Integer, Integer>> epochs = byMember.computeIfAbsent(memberId, id -> new HashMap<>());
        epochs.keySet().removeIf(topic -> after.partitionsOf(topic).isEmpty());
        epochs.forEach((topic, partitions) -> partitions.keySet().removeIf(partition -> !after.contains(topic, partition)));
        after.partitions().forEach((topic, partitions) -> partitions.forEach(partition ->
                epochs.computeIfAbsent(topic, t -> new HashMap<>()).putIfAbsent(partition, epoch)));
    }

    /** A member's partitions and their epochs now belong to another member ID (a static member's new incarnation). */
    void rename(String oldMemberId, String newMemberId) {
        Map<TopicId, Map<Integer, Integer>> epochs = byMember.remove(oldMemberId);
        if (epochs != null) {
            byMember.put(newMemberId, epochs);
        }
    }

    /** The epoch at which the member was given the partition; empty if it does not own it. */
    OptionalInt of(String memberId, TopicId topic, int partition) {
        Integer epoch = byMember.getOrDefault(memberId, Map.of()).getOrDefault(topic, Map.of()).get(partition);
        return epoch == null ? OptionalInt.empty() : OptionalInt.of(epoch);
    }

    void forget(String memberId) {
        byMember.remove(memberId);
    }

    /** Every member's partitions and their epochs, copied. */
    Map<String, Map<TopicId, Map<Integer, Integer>>> all() {
        Map<String, Map<TopicId, Map<Integer, Integer>>> copy = new HashMap<>();
        byMember.forEach((member, topics) -> {
            Map<TopicId, Map<Integer, Integer>> byTopic = new HashMap<>();
            topics.forEach((topic, partitions) -> byTopic.put(topic, new HashMap<>(partitions)));
            copy.put(member, byTopic);
        });
        return copy;
    }

    /** Takes the epochs {@link #all} gave, as a group is restored. */
    void restore(Map<String, Map<TopicId, Map<Integer, Integer>>> epochs) {
        byMember.clear();
        epochs.forEach((member, topics) -> {
            Map<TopicId, Map<Integer, Integer>> byTopic = new HashMap<>();
            topics.forEach((topic, partitions) -> byTopic.put(topic, new HashMap<>(partitions)));
            byMember.put(member, byTopic);
        });
    }
}
