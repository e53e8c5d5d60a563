package io.hexalog.domain.group.consumer;

import io.hexalog.domain.group.GroupId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A consumer group as ConsumerGroupDescribe shows it.
 *
 * @param assignorName the assignor that computed the target assignment
 */
public record ConsumerGroupDescription(GroupId groupId, ConsumerGroupState state, int groupEpoch,
                                       int assignmentEpoch, String assignorName, List<Member> members) {

    public ConsumerGroupDescription {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(assignorName, "assignorName");
        members = List.copyOf(members);
    }

    /**
     * One member.
     *
     * @param assignment       what it owns or is being given
     * @param targetAssignment what the target assignment gives it
     * @param classic          whether it speaks the classic protocol (JoinGroup, SyncGroup, Heartbeat)
     */
    public record Member(String memberId, Optional<String> instanceId, Optional<String> rackId, int memberEpoch,
                         String clientId, String clientHost, Set<String> subscribedTopicNames,
                         Optional<String> subscribedTopicRegex, PartitionAssignment assignment, PartitionAssignment targetAssignment,
                         boolean classic) {
        public Member {
            subscribedTopicNames = Set.copyOf(subscribedTopicNames);
        }
    }
}
