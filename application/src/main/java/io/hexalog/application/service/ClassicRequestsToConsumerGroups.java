package io.hexalog.application.service;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;
import io.hexalog.domain.group.consumer.ConsumerGroup;
import io.hexalog.domain.group.consumer.TopicMetadataLookup;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The classic protocol's requests (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) for a group ID that names a
 * consumer group with members: its classic members are served by the consumer group, as Kafka serves them once
 * it has upgraded their group. Each answer is empty when the ID names no consumer group, and the classic group
 * coordinator answers instead; an empty consumer group gives way to a classic one on a JoinGroup (its offsets
 * stay), and so does one whose last consumer-protocol member is a static member a classic JoinGroup replaces, on the
 * group's line once its stored state is removed.
 * JoinGroup, SyncGroup and LeaveGroup run on the group's line of the executor for blocking work, as heartbeats of
 * the consumer protocol do, since one that changed the group is answered only once its image is written. Heartbeat,
 * answered on the caller's thread, changes only the member's timers.
 */
final class ClassicRequestsToConsumerGroups {

    private final ConsumerGroupTable groups;
    private final TopicMetadataLookup topics;
    private final KeyedSerialExecutor<GroupId> groupLines;

    /** @param groupLines where the requests that may change a group run, one group's after another */
    ClassicRequestsToConsumerGroups(ConsumerGroupTable groups, TopicMetadataLookup topics,
                                    KeyedSerialExecutor<GroupId> groupLines) {
        this.groups = groups;
        this.topics = topics;
        this.groupLines = groupLines;
    }

    /**
     * @param memberIds the randomness in the ID of a new member
     * @param classic   the classic group coordinator's answer, for a JoinGroup that turned the group into a classic
     *                  group
     */
    Optional<CompletableFuture<JoinResult>> join(GroupId groupId, JoinRequest request, Supplier<UUID> memberIds,
                                                 Supplier<CompletableFuture<JoinResult>> classic) {
        Optional<ConsumerGroupSlot> slot = groups.find(groupId);
        if (slot.isPresent() && slot.get().locked(group -> group.members().isEmpty())) {
            groups.remove(groupId, slot.get());
            return Optional.empty();
        }
        return slot.map(found -> {
            if (found.locked(group -> group.downgradesOnStaticReplacementBy(request)).isPresent()) {
                return groupLines.submit(groupId, () -> downgradeForStaticReplacement(found, request))
                        .thenCompose(downgraded -> classic.get());
            }
            UUID freshId = memberIds.get();
            return onLine(groupId, found, (group, now) -> group.classicJoin(request, topics, now, freshId));
        });
    }

    /**
     * On the group's line: the classic member takes the place of the group's last consumer-protocol member, a static
     * one, and the group becomes a classic group, once its stored state is removed.
     *
     * @throws CoordinatorNotAvailableException if the group changed while the JoinGroup waited: its client asks again
     */
    private Void downgradeForStaticReplacement(ConsumerGroupSlot slot, JoinRequest request) {
        Optional<String> replaced = slot.locked(group -> group.downgradesOnStaticReplacementBy(request));
        if (replaced.isEmpty()) {
            throw new CoordinatorNotAvailableException("Consumer group " + slot.locked(ConsumerGroup::groupId).value()
                    + " changed while the JoinGroup waited: ask again");
        }
        groups.downgrade(slot, replaced.get());
        return null;
    }

    Optional<CompletableFuture<SyncResult>> sync(GroupId groupId, SyncRequest request) {
        return groups.find(groupId).map(slot -> onLine(groupId, slot, (group, now) -> group.classicSync(request, now)));
    }

    /** @throws HexalogException the error to answer the heartbeat with, REBALANCE_IN_PROGRESS among them */
    Optional<GroupState> heartbeat(GroupId groupId, MemberIdentity member, int generationId) {
        return groups.find(groupId).map(slot -> {
            slot.answerThenStore((group, now) -> group.classicHeartbeat(member, generationId, now));
            return GroupState.STABLE;
        });
    }

    Optional<CompletableFuture<List<LeaveResult>>> leave(GroupId groupId, List<MemberIdentity> members) {
        return groups.find(groupId).map(slot -> onLine(groupId, slot, (group, now) -> group.classicLeave(members)));
    }

    /**
     * Runs a request on the group's line, answered once the group's image is written if the request changed it. If
     * the group was let go of meanwhile (deleted, become classic, handed over), the answer is COORDINATOR_NOT_AVAILABLE:
     * the client finds the coordinator and asks again.
     */
    private <R> CompletableFuture<R> onLine(GroupId groupId, ConsumerGroupSlot slot,
                                            ConsumerGroupSlot.Operation<R> request) {
        return groupLines.submit(groupId, () -> slot.answer(request));
    }
}
