package io.hexalog.domain.group.consumer;

/**
 * The life of a consumer group under the consumer protocol of KIP-848 (ConsumerGroupHeartbeat). The state is
 * not stored: it follows from the members, the group epoch and the target assignment epoch. There is no
 * rebalance barrier: every member keeps consuming while others join or leave, and each moves to the new
 * assignment on its own heartbeats.
 * <p>
 * In every state: a heartbeat with epoch 0 joins (or, for a static member whose instance ID was left with
 * epoch -2, takes it back); with epoch -1 the member leaves, and a static member's epoch -2 keeps its
 * partitions until its session ends; a member heartbeating with an epoch other than its own gets
 * FENCED_MEMBER_EPOCH (the previous epoch is accepted once more, its answer may have been lost). Whatever
 * changes the members' subscriptions or the subscribed topics (a join, a leave, an expired session or
 * rebalance timeout, a topic created, grown or deleted) bumps the group epoch, and a new target assignment
 * is computed at once by the group's assignor, with that epoch. (Kafka's transient "Assigning" state,
 * between the two, is never seen here: the assignment is computed in the same step.)
 * <p>
 * Members of the classic protocol (those of a classic group upgraded to a consumer group, and classic consumers
 * joining it later) take part in every state as members too, through their own requests:
 * <ul>
 *   <li>JoinGroup: a new member joins, a known one rejoins, reporting in its Subscription the partitions it still
 *       owns; either takes its next step towards its target like a heartbeat does, and is answered at once with
 *       its member epoch as the generation (the previous epoch while it must still revoke partitions)</li>
 *   <li>SyncGroup with its member epoch: its assigned partitions, in the consumer protocol's Assignment;
 *       REBALANCE_IN_PROGRESS if the group epoch moved on since it joined (unless it is revoking), ILLEGAL_GENERATION
 *       with another generation</li>
 *   <li>Heartbeat with its member epoch: renews its own session timeout; REBALANCE_IN_PROGRESS when it must rejoin
 *       for its next step: the group epoch is past its epoch, it must revoke partitions, or every partition it
 *       waits for has been released</li>
 *   <li>LeaveGroup: it leaves like a member sending epoch -1</li>
 *   <li>OffsetCommit: its generation is its member epoch</li>
 * </ul>
 * A classic request naming a member of the consumer protocol gets UNKNOWN_MEMBER_ID. When the last member of the
 * consumer protocol leaves (epoch -1) and classic members remain, the group becomes a classic group again, in its
 * current epoch, if {@code group.consumer.migration.policy} allows it ({@link ConsumerGroup#toClassicGroup}).
 */
public enum ConsumerGroupState {

    /**
     * No members; the group may still own committed offsets.
     * <ul>
     *   <li>ConsumerGroupHeartbeat with epoch 0: the member joins → {@link #RECONCILING} or {@link #STABLE}</li>
     *   <li>any other heartbeat: UNKNOWN_MEMBER_ID</li>
     *   <li>OffsetCommit: accepted only without member (epoch -1)</li>
     *   <li>OffsetDelete: accepted; DeleteGroups → {@link #DEAD}</li>
     * </ul>
     * Entered from: {@link #RECONCILING}, {@link #STABLE} (the last member left or was removed).
     */
    EMPTY,

    /**
     * Some member has not reached the target assignment yet: it must revoke partitions, or waits for partitions
     * others have not released, or is static and away (epoch -2).
     * <ul>
     *   <li>ConsumerGroupHeartbeat: answered at once with the member's next step: partitions to revoke (at its
     *       current epoch), or the new epoch with what is free of its target; the revocation of partitions
     *       makes them free for the members waiting for them → {@link #STABLE} once all are there</li>
     *   <li>a rebalance timeout passing while a member still holds partitions it was asked to revoke: it is
     *       removed, its partitions become free</li>
     *   <li>OffsetCommit and OffsetFetch: accepted from a member with its current epoch (STALE_MEMBER_EPOCH
     *       otherwise, UNKNOWN_MEMBER_ID from a stranger)</li>
     *   <li>OffsetDelete: only for topics no member subscribes to; DeleteGroups: NON_EMPTY_GROUP</li>
     * </ul>
     * Entered from: {@link #EMPTY}, {@link #STABLE}.
     */
    RECONCILING,

    /**
     * Every member owns exactly its target assignment at the target epoch.
     * <ul>
     *   <li>ConsumerGroupHeartbeat: keeps the session alive, answered with the epoch and, when it was asked
     *       for, the assignment</li>
     *   <li>OffsetCommit, OffsetFetch, OffsetDelete, DeleteGroups: as in {@link #RECONCILING}</li>
     * </ul>
     * Entered from: {@link #EMPTY}, {@link #RECONCILING}.
     */
    STABLE,

    /**
     * The group has been deleted; a request still holding it gets COORDINATOR_NOT_AVAILABLE and retries against
     * a fresh group. Final. Entered from {@link #EMPTY} (DeleteGroups).
     */
    DEAD
}
