package io.hexalog.application.service;

import io.hexalog.application.port.in.GroupMembershipUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The group coordinator of the classic protocol: hands each request to its group and carries out what the
 * group says happened (answers to parked requests, timers to arm). A group ID that names a consumer group with
 * members is served by the consumer group, whose classic members these are.
 */
public final class GroupCoordinator implements GroupMembershipUseCase {

    private final GroupTable groups;
    private final Supplier<UUID> memberIds;
    private final Optional<ClassicRequestsToConsumerGroups> consumerGroups;

    public GroupCoordinator(GroupTable groups) {
        this(groups, UUID::randomUUID);
    }

    /** @param memberIds the randomness in new member IDs */
    public GroupCoordinator(GroupTable groups, Supplier<UUID> memberIds) {
        this(groups, memberIds, Optional.empty());
    }

    /** @param consumerGroups serves the requests for group IDs that name consumer groups with members */
    GroupCoordinator(GroupTable groups, Supplier<UUID> memberIds, Optional<ClassicRequestsToConsumerGroups> consumerGroups) {
        this.groups = groups;
        this.memberIds = memberIds;
        this.consumerGroups = consumerGroups;
    }

    @Override
    public CompletableFuture<JoinResult> joinGroup(GroupId groupId, JoinRequest request) {
        Optional<CompletableFuture<JoinResult>> served;
        try {
            served = consumerGroups.flatMap(mixed -> mixed.join(groupId, request, memberIds,
                    () -> joinClassicGroup(groupId, request)));
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
        return served.orElseGet(() -> joinClassicGroup(groupId, request));
    }

    private CompletableFuture<JoinResult> joinClassicGroup(GroupId groupId, JoinRequest request) {
        if (!request.memberId().equals(GroupMember.UNKNOWN_MEMBER_ID) && groups.find(groupId).isEmpty()) {
            return CompletableFuture.failedFuture(unknownGroup(groupId));
        }
        UUID freshId = memberIds.get();
        return groups.findOrCreate(groupId).join((group, now) -> group.join(request, now, freshId));
    }

    @Override
    public CompletableFuture<SyncResult> syncGroup(GroupId groupId, SyncRequest request) {
        Optional<CompletableFuture<SyncResult>> served;
        try {
            served = consumerGroups.flatMap(mixed -> mixed.sync(groupId, request));
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (served.isPresent()) {
            return served.get();
        }
        return groups.find(groupId)
                .map(slot -> slot.sync((group, now) -> group.sync(request, now)))
                .orElseGet(() -> CompletableFuture.failedFuture(unknownGroup(groupId)));
    }

    @Override
    public GroupState heartbeat(GroupId groupId, MemberIdentity member, int generationId) {
        Optional<GroupState> served = consumerGroups.flatMap(mixed -> mixed.heartbeat(groupId, member, generationId));
        if (served.isPresent()) {
            return served.get();
        }
        return groups.find(groupId).orElseThrow(() -> unknownGroup(groupId))
                .answer((group, now) -> group.heartbeat(member, generationId, now));
    }

    @Override
    public CompletableFuture<List<LeaveResult>> leaveGroup(GroupId groupId, List<MemberIdentity> members) {
        try {
            Optional<CompletableFuture<List<LeaveResult>>> served = consumerGroups.flatMap(mixed ->
                    mixed.leave(groupId, members));
            if (served.isPresent()) {
                return served.get();
            }
            return CompletableFuture.completedFuture(groups.find(groupId).orElseThrow(() -> unknownGroup(groupId))
                    .answer((group, now) -> group.leave(members, now)));
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static UnknownMemberIdException unknownGroup(GroupId groupId) {
        return new UnknownMemberIdException("Group " + groupId + " does not exist");
    }
}
