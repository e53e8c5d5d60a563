package io.hexalog.adapter.replication.ratis;

/**
 * Where a group may take its next snapshot without Ratis purging an entry a member still needs.
 *
 * <p>After each snapshot at index {@code s}, Ratis purges the log up to {@code s}, whole segments at a time
 * ({@code purge.upto.snapshot.index}). A member that stopped at its commit index {@code p} comes back needing entry
 * {@code p + 1}, which its leader sends with the term and index of the entry before it. Where that entry was purged
 * (a segment ended there: every new term starts one, so a leader that stopped in a quiet moment leaves exactly that
 * behind) and is not the leader's snapshot either, the leader's log appender cannot send the member anything
 * (Ratis 3.2.2's failed, {@code Previous TermIndex not found}; 3.3.0's skips every request): the member is cut off
 * from the group until its leader changes. Two places are safe:
 * <ul>
 *   <li>a snapshot at an index every member has committed: Ratis then purges up to the snapshot itself, which
 *       stands in for the purged entry;</li>
 *   <li>a snapshot at an index every member's log holds (its leader knows each follower's match index): whatever
 *       a member committed, it comes back needing an entry past the snapshot, whose previous one is kept.</li>
 * </ul>
 * A shard's snapshot only says that its stores hold everything up to its index (replaying skips what they hold),
 * so it may stand below what was applied, at the lowest commit index; the metadata group's holds the metadata as
 * applied, so it waits until one of the two holds. A group leaves out of "every member" one away for long
 * ({@link AbsentMembers}), which copies what it lacks once back: a shard's partitions from the leader, the metadata
 * leader's snapshot ({@link StaleMetadataLog}).
 */
final class SnapshotPlacement {

    /** No snapshot now. */
    static final long NONE = -1;

    private SnapshotPlacement() {
    }

    /**
     * @param applied         the index of the last entry applied here
     * @param lowestCommit    the lowest commit index this node knows among the group's members, itself included
     * @param lowestMatch     the lowest match index among the followers where this node leads the group, else -1
     * @param latest          the index of the group's latest snapshot, or -1
     * @param mayStandEarlier whether the snapshot may stand at an index below the state it records
     * @return the index to take the snapshot at, or {@link #NONE}
     */
    static long at(long applied, long lowestCommit, long lowestMatch, long latest, boolean mayStandEarlier) {
        boolean everyMemberHoldsIt = lowestCommit >= applied || lowestMatch >= applied;
        long index = everyMemberHoldsIt ? applied : mayStandEarlier ? lowestCommit : NONE;
        return index > latest ? index : NONE;
    }
}
