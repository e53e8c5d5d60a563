package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A member of a consumer group as the coordinator knows it. Immutable: every change makes a new one.
 *
 * @param memberId            chosen by the client (from ConsumerGroupHeartbeat v1) or the coordinator (v0)
 * @param instanceId          {@code group.instance.id} of a static member
 * @param memberEpoch         the epoch of the assignment the member has; -2 for a static member that left for
 *                            a while and keeps its partitions until its session ends
 * @param previousMemberEpoch the epoch before, accepted once more in case the answer that moved the member
 *                            on was lost
 * @param assigned            the partitions the member owns or is being given
 * @param pendingRevocation   the partitions it was asked to revoke and may still own
 * @param rebalanceTimeoutMs  how long it may take to revoke partitions
 * @param subscribedTopicRegex a subscription by regular expression, besides the topic names
 * @param serverAssignor      the assignor it asks for ({@code group.remote.assignor})
 * @param classicMetadata     present for a member that speaks the classic protocol (JoinGroup, SyncGroup,
 *                            Heartbeat), as the members of a classic group upgraded to a consumer group do
 */
public record ConsumerGroupMember(String memberId, Optional<String> instanceId, Optional<String> rackId,
                                  String clientId, String clientHost, Set<String> subscribedTopicNames,
                                  Optional<TopicPattern> subscribedTopicRegex, Optional<String> serverAssignor, int rebalanceTimeoutMs, int memberEpoch,
                                  int previousMemberEpoch, MemberState state, PartitionAssignment assigned,
                                  PartitionAssignment pendingRevocation,
                                  Optional<ClassicMemberMetadata> classicMetadata) {

    /** The epoch of a static member that left and may come back within its session. */
    public static final int LEFT_STATIC_MEMBER_EPOCH = -2;

    public ConsumerGroupMember {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(rackId, "rackId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientHost, "clientHost");
        subscribedTopicNames = Set.copyOf(subscribedTopicNames);
        Objects.requireNonNull(subscribedTopicRegex, "subscribedTopicRegex");
        Objects.requireNonNull(serverAssignor, "serverAssignor");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(assigned, "assigned");
        Objects.requireNonNull(pendingRevocation, "pendingRevocation");
        Objects.requireNonNull(classicMetadata, "classicMetadata");
        if (memberId.isEmpty()) {
            throw new IllegalArgumentException("A member ID must not be empty");
        }
    }

    /** A member that has just joined: epoch 0, nothing assigned. */
    static ConsumerGroupMember joining(String memberId) {
        return new ConsumerGroupMember(memberId, Optional.empty(), Optional.empty(), "", "", Set.of(),
                Optional.empty(), Optional.empty(), 0, 0, 0, MemberState.STABLE, PartitionAssignment.EMPTY, PartitionAssignment.EMPTY, Optional.empty());
    }

    /** Whether it speaks the classic protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup). */
    public boolean usesClassicProtocol() {
        return classicMetadata.isPresent();
    }

    /** The member with what a JoinGroup said of its classic protocol. */
    ConsumerGroupMember withClassicMetadata(ClassicMemberMetadata metadata) {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, memberEpoch, previousMemberEpoch, state,
                assigned, pendingRevocation, Optional.of(metadata));
    }

    /** Whether it consumes the topic: named in its subscription, or matching its regular expression. */
    boolean subscribesTo(String topicName) {
        return subscribedTopicNames.contains(topicName)
                || subscribedTopicRegex.map(pattern -> pattern.matches(topicName)).orElse(false);
    }

    /** Whether it has reached the target epoch with nothing left to revoke or receive. */
    boolean isReconciledTo(int targetEpoch) {
        return memberEpoch == targetEpoch && state == MemberState.STABLE;
    }

    /** Whether it owns or may still own the partition: {@link #owned} without building it, asked per partition. */
    boolean owns(TopicId topic, int partition) {
        return assigned.contains(topic, partition) || pendingRevocation.contains(topic, partition);
    }

    /** What no other member may be given: what it owns or may still own. */
    PartitionAssignment owned() {
        return assigned.union(pendingRevocation);
    }

    /** The member with its regular expression replaced by the same source compiled anew. */
    ConsumerGroupMember withSubscribedTopicRegex(TopicPattern regex) {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                Optional.of(regex), serverAssignor, rebalanceTimeoutMs, memberEpoch, previousMemberEpoch, state, assigned,
                pendingRevocation, classicMetadata);
    }

    ConsumerGroupMember withMemberId(String newMemberId) {
        return new ConsumerGroupMember(newMemberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, memberEpoch, previousMemberEpoch, state, assigned, pendingRevocation, classicMetadata);
    }

    ConsumerGroupMember withSubscription(Optional<String> newInstanceId, Optional<String> newRackId, String newClientId,
                                         String newClientHost, Set<String> topics, Optional<TopicPattern> regex,
                                         Optional<String> assignor, int timeoutMs) {
        return new ConsumerGroupMember(memberId, newInstanceId, newRackId, newClientId, newClientHost, topics,
                regex, assignor, timeoutMs, memberEpoch, previousMemberEpoch, state, assigned, pendingRevocation, classicMetadata);
    }

    /** The member moved to {@code epoch} (keeping the epoch it had as the previous one if it changes). */
    ConsumerGroupMember reconciled(int epoch, MemberState newState, PartitionAssignment newAssigned,
                                   PartitionAssignment newPendingRevocation) {
        int previous = epoch == memberEpoch ? previousMemberEpoch : memberEpoch;
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, epoch, previous, newState, newAssigned, newPendingRevocation, classicMetadata);
    }

    /** The member restarts its epochs at 0 (a static member taking over an instance ID). */
    ConsumerGroupMember rejoining() {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, 0, 0, state, assigned, pendingRevocation, classicMetadata);
    }

    /** A static member that left for a while: epoch -2, its partitions kept, nothing left to revoke. */
    ConsumerGroupMember leftForAWhile() {
        return new ConsumerGroupMember(memberId, instanceId, rackId, clientId, clientHost, subscribedTopicNames,
                subscribedTopicRegex, serverAssignor, rebalanceTimeoutMs, LEFT_STATIC_MEMBER_EPOCH, memberEpoch, MemberState.STABLE,
                assigned, PartitionAssignment.EMPTY, classicMetadata);
    }
}
