package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Membership of classic consumer groups: JoinGroup, SyncGroup, Heartbeat and LeaveGroup. Failures are
 * {@link io.hexalog.domain.error.HexalogException}s: thrown by the synchronous calls, completing the
 * futures of the others.
 */
public interface GroupMembershipUseCase {

    /**
     * Joins a group, creating it for a member without an ID. Completes when the join phase of the rebalance
     * completes, or at once when the member has nothing to wait for.
     */
    CompletableFuture<JoinResult> joinGroup(GroupId group, JoinRequest request);

    /** Asks for the member's assignment; completes once the leader has sent the generation's assignments. */
    CompletableFuture<SyncResult> syncGroup(GroupId group, SyncRequest request);

    /** Keeps the member's session alive; returns the group's state. */
    GroupState heartbeat(GroupId group, MemberIdentity member, int generationId);

    /**
     * Removes members from the group; completes with one result per member, in request order, once the change is
     * durable where the group's state is kept (a consumer group's classic members).
     */
    CompletableFuture<List<LeaveResult>> leaveGroup(GroupId group, List<MemberIdentity> members);
}
