package io.hexalog.adapter.replication.ratis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * When a member that holds nothing of a group asks the group's leader to step down. Raft takes a member's log as
 * durable, and Ratis' leader keeps what it learnt of a member's log (its match index) while the member is down: a
 * member whose data directory was emptied comes back to a leader that sends it entries after that index, which it
 * refuses, and the leader never tells it to copy a snapshot ({@link CommandStateMachine#notifyInstallSnapshotFromLeader}).
 * A new leader starts from what each member says it holds, and does. So a member that has held nothing for a while
 * asks the leader it follows to step down; and again after as long, should it still hold nothing. The wait counts
 * from when the member was first seen following a leader while holding nothing, and goes on through the moments it
 * has no leader: refused entries, then a silent leader, send such a member into elections it cannot win every few
 * seconds, which must not put off its ask for ever. A member that just joined a new group holds its first entry
 * within a round trip of its first leader's election, long before.
 *
 * <p>Looked at by one thread.
 */
final class EmptyLogNudges {

    private final long waitNanos;
    /** Since when each group's member has held nothing since it first followed a leader, or was last nudged. */
    private final Map<String, Long> waitingSince = new HashMap<>();

    /** @param wait how long a member may hold nothing before it asks the leader it follows for another */
    EmptyLogNudges(Duration wait) {
        this.waitNanos = wait.toNanos();
    }

    /**
     * Whether the member of {@code group} asks its leader to step down now.
     *
     * @param holdsNothing    whether the member holds no entry, no snapshot and no copy; or, as after its log failed a
     *                        write, may lack entries its leader counts as held ({@link LostEntries})
     * @param followsALeader  whether the member follows a leader now, which it asks
     */
    boolean shouldNudge(String group, boolean holdsNothing, boolean followsALeader, long nowNanos) {
        if (!holdsNothing) {
            waitingSince.remove(group);
            return false;
        }
        if (!followsALeader) {
            return false;
        }
        Long since = waitingSince.putIfAbsent(group, nowNanos);
        if (since == null || nowNanos - since < waitNanos) {
            return false;
        }
        waitingSince.put(group, nowNanos);
        return true;
    }
}
