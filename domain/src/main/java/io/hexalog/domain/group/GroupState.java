package io.hexalog.domain.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a classic group (the JoinGroup / SyncGroup protocol). Each state says what the coordinator
 * does with every request, which events leave it, and from which states it may be entered
 * ({@link #validPreviousStates()}).
 * <p>
 * Besides what each state says, every request of a member is checked for the member (UNKNOWN_MEMBER_ID;
 * FENCED_INSTANCE_ID when another member ID now holds a static member's instance ID), the generation
 * (ILLEGAL_GENERATION) and the protocol (INCONSISTENT_GROUP_PROTOCOL), and a JoinGroup for its session
 * timeout against {@code group.min.session.timeout.ms} and {@code group.max.session.timeout.ms}
 * (INVALID_SESSION_TIMEOUT). {@link ClassicGroup} returns these errors as part of each operation's outcome.
 */
public enum GroupState {

    /**
     * No members; the group may still own committed offsets (also the state of a group that only commits
     * offsets, such as one written by the admin client).
     * <ul>
     *   <li>JoinGroup from a new member: accepted (a dynamic member speaking v4+ is first sent back with
     *       MEMBER_ID_REQUIRED), starts the first rebalance → {@link #PREPARING_REBALANCE}, which waits
     *       {@code group.initial.rebalance.delay.ms} so that several members join one generation</li>
     *   <li>SyncGroup, Heartbeat, LeaveGroup: UNKNOWN_MEMBER_ID</li>
     *   <li>OffsetCommit: accepted only without member and generation (generation -1)</li>
     *   <li>OffsetDelete: accepted</li>
     *   <li>DeleteGroups, or expiry of the last offset → {@link #DEAD}</li>
     * </ul>
     * Entered from: {@link #PREPARING_REBALANCE} (the join phase ended with no member).
     */
    EMPTY,

    /**
     * A rebalance is under way: the coordinator parks JoinGroup requests until every known member has
     * rejoined or the rebalance timeout passes.
     * <ul>
     *   <li>JoinGroup: parked; when all members are in (or when the join phase timer fires) the next
     *       generation starts → {@link #COMPLETING_REBALANCE}, or {@link #EMPTY} if nobody is left; dynamic
     *       members that did not rejoin are removed</li>
     *   <li>Heartbeat and SyncGroup: REBALANCE_IN_PROGRESS, telling members to rejoin</li>
     *   <li>LeaveGroup or a session timeout: the member is removed, which may complete the join phase</li>
     *   <li>OffsetCommit: accepted for the current generation</li>
     *   <li>OffsetDelete: only for topics no member subscribes to, and only in a consumer group
     *       (NON_EMPTY_GROUP otherwise); DeleteGroups: NON_EMPTY_GROUP</li>
     * </ul>
     * Entered from: {@link #EMPTY}, {@link #COMPLETING_REBALANCE}, {@link #STABLE}.
     */
    PREPARING_REBALANCE,

    /**
     * The generation is formed and the leader computes the assignment: SyncGroup requests are parked until
     * the leader's SyncGroup brings it.
     * <ul>
     *   <li>SyncGroup from the leader: every member receives its assignment → {@link #STABLE}</li>
     *   <li>Heartbeat: accepted; OffsetCommit: REBALANCE_IN_PROGRESS</li>
     *   <li>JoinGroup with unchanged metadata: answered again with the current generation</li>
     *   <li>JoinGroup with changed metadata, a new member, a restarted static member, LeaveGroup, an
     *       expired session or a member that never synced: parked SyncGroups get REBALANCE_IN_PROGRESS
     *       → {@link #PREPARING_REBALANCE}</li>
     *   <li>OffsetDelete and DeleteGroups: as in {@link #PREPARING_REBALANCE}</li>
     * </ul>
     * Entered from: {@link #PREPARING_REBALANCE}.
     */
    COMPLETING_REBALANCE,

    /**
     * Every member has its assignment.
     * <ul>
     *   <li>Heartbeat, OffsetCommit of the current generation, SyncGroup (answered with the member's
     *       assignment): accepted</li>
     *   <li>JoinGroup from a follower with unchanged metadata: answered with the current generation; a
     *       static member coming back under a new member ID keeps its assignment without a rebalance</li>
     *   <li>JoinGroup from the leader or with new metadata, a new member, LeaveGroup, an expired session, a
     *       member that never synced → {@link #PREPARING_REBALANCE}</li>
     *   <li>OffsetDelete and DeleteGroups: as in {@link #PREPARING_REBALANCE}</li>
     * </ul>
     * Entered from: {@link #COMPLETING_REBALANCE}.
     */
    STABLE,

    /**
     * The group has been deleted; a request still holding it gets COORDINATOR_NOT_AVAILABLE (JoinGroup,
     * SyncGroup, Heartbeat, LeaveGroup, OffsetCommit) and retries against a fresh group, OffsetDelete and
     * DeleteGroups get GROUP_ID_NOT_FOUND, and timers do nothing. Final.
     * Entered from: every state (DeleteGroups accepts only {@link #EMPTY}).
     */
    DEAD;

    /** The states a group may be in just before it enters this one. */
    public Set<GroupState> validPreviousStates() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(EMPTY, COMPLETING_REBALANCE, STABLE);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(GroupState.class);
        };
    }
}
