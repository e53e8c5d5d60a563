package io.hexalog.application.service;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;
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
 * stay), and so does one whose last consumer-protocol member is a static member a classic JoinGroup replaces.
 */
final class ClassicRequestsToConsumerGroups {

    private final ConsumerGroupTable groups;
    private final TopicMetadataLookup topics;

    ClassicRequestsToConsumerGroups(ConsumerGroupTable groups, TopicMetadataLookup topics) {
        this.groups = groups;
        this.topics = topics;
    }

    /** @param memberIds the randomness in the ID of a new member */
    Optional<CompletableFuture<JoinResult>> join(GroupId groupId, JoinRequest request, Supplier<UUID> memberIds) {
        Optional<ConsumerGroupSlot> slot = groups.find(groupId);
        if (slot.isPresent() && slot.get().locked(group -> group.members().isEmpty())) {
            groups.remove(groupId, slot.get());
            return Optional.empty();
        }
        Optional<String> replaced = slot.flatMap(found -> found.locked(group ->
                group.downgradesOnStaticReplacementBy(request)));
        if (replaced.isPresent()) {
            groups.downgrade(slot.get(), replaced.get());
            return Optional.empty();
        }
        return slot.map(found -> {
            UUID freshId = memberIds.get();
            return answer(() -> found.answerThenStore((group, now) -> group.classicJoin(request, topics, now, freshId)));
        });
    }

    Optional<CompletableFuture<SyncResult>> sync(GroupId groupId, SyncRequest request) {
        return groups.find(groupId).map(slot -> answer(() -> slot.answerThenStore((group, now) ->
                group.classicSync(request, now))));
    }

    /** @throws HexalogException the error to answer the heartbeat with, REBALANCE_IN_PROGRESS among them */
    Optional<GroupState> heartbeat(GroupId groupId, MemberIdentity member, int generationId) {
        return groups.find(groupId).map(slot -> {
            slot.answerThenStore((group, now) -> group.classicHeartbeat(member, generationId, now));
            return GroupState.STABLE;
        });
    }

    Optional<List<LeaveResult>> leave(GroupId groupId, List<MemberIdentity> members) {
        return groups.find(groupId).map(slot -> slot.answerThenStore((group, now) -> group.classicLeave(members)));
    }

    private static <R> CompletableFuture<R> answer(Supplier<R> request) {
        try {
            return CompletableFuture.completedFuture(request.get());
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
