package io.hexalog.domain.group.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The assignment the group's members move towards, and the epoch it was computed for. Each member's
 * target comes from the assignor the members ask for most ({@code group.remote.assignor}), on a tie the
 * first of those in {@code group.consumer.assignors}, and without any the first there.
 */
final class TargetAssignment {

    private final ConsumerGroupConfig config;
    private Map<String, PartitionAssignment> byMember = new HashMap<>();
    private int epoch;
    private String assignorName;

    TargetAssignment(ConsumerGroupConfig config) {
        this.config = config;
        this.assignorName = config.assignors().get(0).name();
    }

    int epoch() {
        return epoch;
    }

    String assignorName() {
        return assignorName;
    }

    PartitionAssignment of(String memberId) {
        return byMember.getOrDefault(memberId, PartitionAssignment.EMPTY);
    }

    /** A static member came back under a new member ID: its target follows it. */
    void rename(String oldMemberId, String newMemberId) {
        PartitionAssignment target = byMember.remove(oldMemberId);
        if (target != null) {
            byMember.put(newMemberId, target);
        }
    }

    /** Takes the assignment a classic group had as the target for its generation, as it is upgraded. */
    void adopt(int assignmentEpoch, Map<String, PartitionAssignment> assignments) {
        byMember = new HashMap<>(assignments);
        epoch = assignmentEpoch;
    }

    /** Every member's target, as it stands. */
    Map<String, PartitionAssignment> all() {
        return Map.copyOf(byMember);
    }

    /** Takes a target as it was stored, with the epoch and the assignor it was computed with. */
    void restore(int assignmentEpoch, String assignor, Map<String, PartitionAssignment> assignments) {
        byMember = new HashMap<>(assignments);
        epoch = assignmentEpoch;
        assignorName = assignor;
    }

    /** Computes the target for the group epoch from the members' subscriptions and the subscribed topics. */
    void compute(int groupEpoch, Collection<ConsumerGroupMember> members, Map<String, TopicMetadata> topics) {
        PartitionAssignor assignor = preferred(members);
        Map<String, AssignmentSpec.Subscriber> subscribers = new LinkedHashMap<>();
        members.forEach(member -> subscribers.put(member.memberId(), new AssignmentSpec.Subscriber(
                topics.keySet().stream().filter(member::subscribesTo).collect(Collectors.toSet()), of(member.memberId()))));
        byMember = new HashMap<>(assignor.assign(new AssignmentSpec(subscribers, topics)));
        assignorName = assignor.name();
        epoch = groupEpoch;
    }

    private PartitionAssignor preferred(Collection<ConsumerGroupMember> members) {
        Map<String, Integer> votes = new HashMap<>();
        members.forEach(member -> member.serverAssignor().ifPresent(name -> votes.merge(name, 1, Integer::sum)));
        List<PartitionAssignor> candidates = config.assignors();
        Optional<PartitionAssignor> mostAsked = candidates.stream()
                .filter(assignor -> votes.containsKey(assignor.name()))
                .reduce((best, next) -> votes.get(next.name()) > votes.get(best.name()) ? next : best);
        return mostAsked.orElse(candidates.get(0));
    }
}
