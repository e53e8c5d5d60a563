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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The group coordinator of the classic protocol: hands each request to its group and carries out what the
 * group says happened (answers to parked requests, timers to arm).
 */
public final class GroupCoordinator implements GroupMembershipUseCase {

    private final GroupTable groups;
    private final Supplier<UUID> memberIds;
    private final Consumer<GroupId> admission;

    public GroupCoordinator(GroupTable groups) {
        this(groups, UUID::randomUUID);
    }

    /** @param memberIds the randomness in new member IDs */
    public GroupCoordinator(GroupTable groups, Supplier<UUID> memberIds) {
        this(groups, memberIds, groupId -> { });
    }

    /**
     * @param admission checks a JoinGroup against a consumer group of the same ID (throwing the error to answer
     *                  with), before the classic group is looked up
     */
    GroupCoordinator(GroupTable groups, Supplier<UUID> memberIds, Consumer<GroupId> admission) {
        this.groups = groups;
        this.memberIds = memberIds;
        this.admission = admission;
    }

    @Override
    public CompletableFuture<JoinResult> joinGroup(GroupId groupId, JoinRequest request) {
        try {
            admission.accept(groupId);
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!request.memberId().equals(GroupMember.UNKNOWN_MEMBER_ID) && groups.find(groupId).isEmpty()) {
            return CompletableFuture.failedFuture(unknownGroup(groupId));
        }
        UUID freshId = memberIds.get();
        return groups.findOrCreate(groupId).join((group, now) -> group.join(request, now, freshId));
    }

    @Override
    public CompletableFuture<SyncResult> syncGroup(GroupId groupId, SyncRequest request) {
        return groups.find(groupId)
                .map(slot -> slot.sync((group, now) -> group.sync(request, now)))
                .orElseGet(() -> CompletableFuture.failedFuture(unknownGroup(groupId)));
    }

    @Override
    public GroupState heartbeat(GroupId groupId, MemberIdentity member, int generationId) {
        return groups.find(groupId).orElseThrow(() -> unknownGroup(groupId))
                .answer((group, now) -> group.heartbeat(member, generationId, now));
    }

    @Override
    public List<LeaveResult> leaveGroup(GroupId groupId, List<MemberIdentity> members) {
        return groups.find(groupId).orElseThrow(() -> unknownGroup(groupId))
                .answer((group, now) -> group.leave(members, now));
    }

    private static UnknownMemberIdException unknownGroup(GroupId groupId) {
        return new UnknownMemberIdException("Group " + groupId + " does not exist");
    }
}
