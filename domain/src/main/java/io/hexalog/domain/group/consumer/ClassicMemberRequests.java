package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.InconsistentGroupProtocolException;
import io.hexalog.domain.error.MemberIdRequiredException;
import io.hexalog.domain.error.RebalanceInProgressException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;
import io.hexalog.domain.topic.TopicId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The classic protocol's requests from members of a consumer group, as Kafka serves the classic consumers of a
 * group it upgraded. Such a member is a member like the others: the broker's assignor computes its target and it
 * moves towards it under the same rules, one safe step per JoinGroup. What differs is how it hears of a step:
 * JoinGroup answers with its member epoch as the generation, SyncGroup with its assigned partitions in the
 * consumer protocol's Assignment, and Heartbeat says REBALANCE_IN_PROGRESS when it must rejoin to take its next
 * step (the group epoch moved on, it must revoke partitions, or partitions it waits for are free). It reports
 * what it owns in the Subscription it rejoins with, and has revoked what is not there. As in Kafka, a member told to
 * rejoin must send JoinGroup, and one whose JoinGroup was answered must send SyncGroup, within its rebalance
 * timeout, or it is removed.
 */
final class ClassicMemberRequests {

    private final ConsumerGroup group;

    ClassicMemberRequests(ConsumerGroup group) {
        this.group = group;
    }

    /** See {@link ConsumerGroup#classicJoin}. */
    ConsumerGroupOutcome<JoinResult> join(JoinRequest request, TopicMetadataLookup topics, long nowMs, UUID freshId) {
        if (group.state() == ConsumerGroupState.DEAD) {
            return ConsumerGroupOutcome.failed(removed());
        }
        try {
            if (!EmbeddedConsumerProtocol.PROTOCOL_TYPE.equals(request.protocolType()) || request.protocols().isEmpty()) {
                throw rejected(new InconsistentGroupProtocolException("Group " + group.groupId() + " is a consumer"
                        + " group: its classic members must use the consumer protocol type"));
            }
            EmbeddedConsumerProtocol.Subscription subscription = subscription(request);
            boolean unknown = request.memberId().equals(GroupMember.UNKNOWN_MEMBER_ID);
            String memberId = unknown ? freshId.toString() : request.memberId();
            group.checkCapacity(memberId);
            if (unknown && request.requireKnownMemberId() && request.groupInstanceId().isEmpty()) {
                return ConsumerGroupOutcome.failed(new MemberIdRequiredException(memberId));
            }
            List<ConsumerTimerChange> timers = new ArrayList<>();
            ConsumerGroupMember member = joiningMember(request, memberId, unknown, timers);
            ConsumerGroupMember updated = member.withSubscription(request.groupInstanceId(), subscription.rackId(),
                    request.clientId(), request.clientHost(), Set.copyOf(subscription.topics()), Optional.empty(),
                    Optional.empty(), request.rebalanceTimeoutMs())
                    .withClassicMetadata(new ClassicMemberMetadata(request.sessionTimeoutMs(), request.protocols()));
            ConsumerGroupMember reconciled = group.admit(member, updated, topics,
                    Optional.of(owned(subscription.owned(), topics)), nowMs, timers);
            group.armSession(memberId, request.sessionTimeoutMs(), nowMs, timers);
            group.cancel(ConsumerGroupTimer.join(memberId), timers);
            group.arm(ConsumerGroupTimer.sync(memberId), nowMs + request.rebalanceTimeoutMs(), timers);
            return ConsumerGroupOutcome.answered(new JoinResult(memberId, reconciled.memberEpoch(),
                    Optional.of(EmbeddedConsumerProtocol.PROTOCOL_TYPE),
                    Optional.of(updated.classicMetadata().orElseThrow().protocolName()), "", false, List.of()), timers);
        } catch (ConsumerGroup.RejectedHeartbeat rejected) {
            return ConsumerGroupOutcome.failed(rejected.error());
        }
    }

    /** See {@link ConsumerGroup#classicSync}. */
    ConsumerGroupOutcome<SyncResult> sync(SyncRequest request, long nowMs) {
        if (group.state() == ConsumerGroupState.DEAD) {
            return ConsumerGroupOutcome.failed(removed());
        }
        try {
            ConsumerGroupMember member = classicMember(request.memberId(), request.groupInstanceId());
            checkGeneration(member, request.generationId());
            ClassicMemberMetadata classic = member.classicMetadata().orElseThrow();
            if (request.protocolType().filter(type -> !EmbeddedConsumerProtocol.PROTOCOL_TYPE.equals(type)).isPresent()
                    || request.protocolName().filter(name -> !classic.protocolName().equals(name)).isPresent()) {
                throw rejected(new InconsistentGroupProtocolException("Member " + member.memberId() + " was answered"
                        + " with protocol " + classic.protocolName() + " of type consumer in its JoinGroup"));
            }
            if (group.groupEpoch() > member.memberEpoch() && member.state() != MemberState.UNREVOKED_PARTITIONS) {
                throw rejected(new RebalanceInProgressException("A new rebalance is triggered in group "
                        + group.groupId() + ": member " + member.memberId() + " must rejoin to catch up"));
            }
            List<ConsumerTimerChange> timers = new ArrayList<>();
            group.armSession(member.memberId(), classic.sessionTimeoutMs(), nowMs, timers);
            group.cancel(ConsumerGroupTimer.sync(member.memberId()), timers);
            byte[] assignment = EmbeddedConsumerProtocol.assignment(group.byName(member.assigned()),
                    classic.subscriptionVersion());
            return ConsumerGroupOutcome.answered(new SyncResult(request.protocolType(), request.protocolName(),
                    assignment), timers);
        } catch (ConsumerGroup.RejectedHeartbeat rejected) {
            return ConsumerGroupOutcome.failed(rejected.error());
        }
    }

    /** See {@link ConsumerGroup#classicHeartbeat}. */
    ConsumerGroupOutcome<ConsumerGroupState> heartbeat(MemberIdentity identity, int generationId, long nowMs) {
        if (group.state() == ConsumerGroupState.DEAD) {
            return ConsumerGroupOutcome.failed(removed());
        }
        try {
            ConsumerGroupMember member = classicMember(identity.memberId(), identity.groupInstanceId());
            checkGeneration(member, generationId);
            List<ConsumerTimerChange> timers = new ArrayList<>();
            group.armSession(member.memberId(), member.classicMetadata().orElseThrow().sessionTimeoutMs(), nowMs, timers);
            if (mustRejoin(member)) {
                group.armIfAbsent(ConsumerGroupTimer.join(member.memberId()), nowMs + member.rebalanceTimeoutMs(),
                        timers);
                return new ConsumerGroupOutcome<>(Optional.empty(), Optional.of(new RebalanceInProgressException(
                        "Group " + group.groupId() + " is at epoch " + group.groupEpoch() + ": member "
                                + member.memberId() + " must rejoin to take its next assignment")), timers);
            }
            return ConsumerGroupOutcome.answered(group.state(), timers);
        } catch (ConsumerGroup.RejectedHeartbeat rejected) {
            return ConsumerGroupOutcome.failed(rejected.error());
        }
    }

    /** See {@link ConsumerGroup#classicLeave}. */
    ConsumerGroupOutcome<List<LeaveResult>> leave(List<MemberIdentity> leaving) {
        if (group.state() == ConsumerGroupState.DEAD) {
            return ConsumerGroupOutcome.failed(removed());
        }
        List<ConsumerTimerChange> timers = new ArrayList<>();
        List<LeaveResult> results = new ArrayList<>();
        for (MemberIdentity identity : leaving) {
            try {
                ConsumerGroupMember member = classicMember(identity.memberId(), identity.groupInstanceId());
                group.remove(member, timers);
                results.add(new LeaveResult(identity, Optional.empty()));
            } catch (ConsumerGroup.RejectedHeartbeat rejected) {
                results.add(new LeaveResult(identity, Optional.of(rejected.error())));
            }
        }
        return ConsumerGroupOutcome.answered(results, timers);
    }

    /**
     * Whether the member must rejoin to take its next step: the group epoch moved past its epoch, it must revoke
     * partitions, or every partition it waits for has been released.
     */
    private boolean mustRejoin(ConsumerGroupMember member) {
        return member.memberEpoch() < group.groupEpoch()
                || member.state() == MemberState.UNREVOKED_PARTITIONS
                || (member.state() == MemberState.UNRELEASED_PARTITIONS && !group.waitsForUnreleasedPartition(member));
    }

    /**
     * The member a JoinGroup is from: a new one for an unknown member ID, and also for a member ID the group does
     * not know, as a new member told MEMBER_ID_REQUIRED comes back with the ID it was given, as in Kafka.
     */
    private ConsumerGroupMember joiningMember(JoinRequest request, String memberId, boolean unknown,
                                              List<ConsumerTimerChange> timers) {
        Optional<ConsumerGroupMember> holder = request.groupInstanceId().flatMap(group::staticMember);
        if (holder.isPresent() && unknown) {
            // A static member restarted: it takes the place of its previous incarnation with its epoch and target,
            // so the others need not rebalance (Kafka's static membership).
            return group.replaceStaticMember(holder.get(), memberId, timers);
        }
        if (holder.isEmpty() && (unknown || group.member(memberId).isEmpty())) {
            return ConsumerGroupMember.joining(memberId);
        }
        return classicMember(memberId, request.groupInstanceId());
    }

    /** The classic member a request names, by instance ID for a static member. */
    private ConsumerGroupMember classicMember(String memberId, Optional<String> instanceId) {
        ConsumerGroupMember member;
        if (instanceId.isPresent()) {
            member = group.staticMember(instanceId.get()).orElseThrow(() -> rejected(new UnknownMemberIdException(
                    "Member with instance id " + instanceId.get() + " is not a member of group " + group.groupId())));
            if (!memberId.equals(GroupMember.UNKNOWN_MEMBER_ID) && !member.memberId().equals(memberId)) {
                throw rejected(new FencedInstanceIdException("Static member " + memberId + " with instance id "
                        + instanceId.get() + " was fenced by member " + member.memberId() + "."));
            }
        } else {
            member = group.member(memberId).orElseThrow(() -> rejected(new UnknownMemberIdException("Member "
                    + memberId + " is not a member of group " + group.groupId() + ".")));
        }
        if (!member.usesClassicProtocol()) {
            throw rejected(new UnknownMemberIdException("Member " + member.memberId() + " of group "
                    + group.groupId() + " uses the consumer protocol, not the classic one."));
        }
        return member;
    }

    private static void checkGeneration(ConsumerGroupMember member, int generationId) {
        if (generationId != member.memberEpoch()) {
            throw rejected(new IllegalGenerationException("The request generation id " + generationId
                    + " is not equal to the member epoch " + member.memberEpoch() + " of member " + member.memberId()));
        }
    }

    private EmbeddedConsumerProtocol.Subscription subscription(JoinRequest request) {
        try {
            return EmbeddedConsumerProtocol.subscription(request.protocols().get(0).metadata());
        } catch (IllegalArgumentException e) {
            throw rejected(new InconsistentGroupProtocolException("The subscription of a member joining consumer"
                    + " group " + group.groupId() + " cannot be read: " + e.getMessage()));
        }
    }

    /** The partitions a Subscription says the member owns, of the topics that exist. */
    private static PartitionAssignment owned(Map<String, Set<Integer>> byName, TopicMetadataLookup topics) {
        Map<TopicId, Set<Integer>> byId = new HashMap<>();
        byName.forEach((name, partitions) -> topics.find(name).ifPresent(topic -> byId.put(topic.id(), partitions)));
        return new PartitionAssignment(byId);
    }

    private CoordinatorNotAvailableException removed() {
        return new CoordinatorNotAvailableException("Group " + group.groupId() + " was removed");
    }

    private static ConsumerGroup.RejectedHeartbeat rejected(HexalogException error) {
        return new ConsumerGroup.RejectedHeartbeat(error);
    }
}
