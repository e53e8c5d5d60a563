package io.hexalog.domain.group.consumer;

/**
 * Where a member of a consumer group stands in reconciling its assignment with the group's target
 * assignment (KIP-848's incremental reconciliation). A partition moves from one member to another in two
 * steps: the old owner is asked to revoke it, and only once its heartbeat no longer reports it is it given
 * to the new one; so no partition ever has two owners.
 */
public enum MemberState {

    /**
     * The member owns exactly what it is assigned. A heartbeat that finds a newer target assignment epoch
     * moves it on: to {@link #UNREVOKED_PARTITIONS} if it must give partitions up, to
     * {@link #UNRELEASED_PARTITIONS} if some of its new partitions are still owned by others, or it stays here
     * with the new epoch and its new partitions.
     */
    STABLE,

    /**
     * The member was asked to revoke partitions and still reports owning some of them; it keeps its epoch,
     * and its rebalance timeout runs. A heartbeat that no longer reports them moves it to the next epoch
     * (and on, as from {@link #STABLE}); the rebalance timeout passing first removes it from the group.
     */
    UNREVOKED_PARTITIONS,

    /**
     * The member has the target epoch but waits for partitions other members have not revoked yet. Each
     * heartbeat hands it those that have been released since; when none is left it is {@link #STABLE}.
     */
    UNRELEASED_PARTITIONS
}
