package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.RaftPeerId;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The members of a group its log is no longer kept for: those away so long that, once back, they had better copy
 * what they lack from the leader (a shard's partitions, {@link ShardReplicaCopy}; the metadata leader's snapshot,
 * {@link StaleMetadataLog}) than have the others keep every entry since they left.
 *
 * <p>A group's log is purged only below what every member has committed ({@link SnapshotPlacement}), so a node that
 * stays down would have the others keep their shard logs whole until it comes back. A member whose commit index, as
 * this node knows it, has not moved for {@code keepFor}, while this node applied more than {@code marginBytes} of
 * entries, no longer holds the purge back. Ratis purges whole log segments, and a segment that began exactly
 * where the member stopped and reached past the purge would be left as the log's first, with the entry before it
 * gone: the leader could then send the member neither entries nor the notice to copy ({@link SnapshotPlacement}).
 * The margin is the most such a segment holds (its size limit and one entry) and the most the member may hold past
 * the commit index it was last known at (the appends in flight to it), so the segment it stopped in is purged
 * whole.
 *
 * <p>A member that copies what it lacks from this node ({@link #copying}) stands still as well, since Ratis sends it
 * nothing meanwhile: it counts as moving each time it asks, so that a long copy is not purged past.
 *
 * <p>Looked at by the group's applying thread; the set may be asked from the snapshotting one, and copies are told
 * of from the threads answering them.
 */
final class AbsentMembers {

    private final Duration keepFor;
    private final long marginBytes;
    private final Map<RaftPeerId, Seen> seen = new HashMap<>();
    /** When each member last asked this node, as its leader, for a copy of what it lacks. */
    private final Map<RaftPeerId, Long> copyingNanos = new HashMap<>();

    /** A member's commit index, and this node's clock and bytes applied when it was first seen at it. */
    private record Seen(long commitIndex, long sinceNanos, long bytesApplied) {
    }

    /**
     * @param keepFor     how long a member's commit index may stand still before the log is no longer kept for it
     * @param marginBytes how many bytes of entries this node must apply meanwhile (see above)
     */
    AbsentMembers(Duration keepFor, long marginBytes) {
        if (keepFor.isNegative() || keepFor.isZero()) {
            throw new IllegalArgumentException("A log is kept for an absent member for a positive time, not "
                    + keepFor);
        }
        if (marginBytes < 0) {
            throw new IllegalArgumentException("The bytes applied before a member is absent cannot be negative: "
                    + marginBytes);
        }
        this.keepFor = keepFor;
        this.marginBytes = marginBytes;
    }

    /**
     * Notes where the other members stand.
     *
     * @param commitIndexes every other member's commit index as this node knows it
     * @param bytesApplied  the bytes of entries this node has applied in the group so far
     * @param nowNanos      this node's clock
     */
    synchronized void look(Map<RaftPeerId, Long> commitIndexes, long bytesApplied, long nowNanos) {
        seen.keySet().retainAll(commitIndexes.keySet());
        commitIndexes.forEach((peer, commitIndex) -> seen.compute(peer, (ignored, before) ->
                before != null && before.commitIndex() == commitIndex && !copiedSince(peer, before) ? before
                        : new Seen(commitIndex, nowNanos, bytesApplied)));
    }

    /** Notes that {@code member} asked this node for a copy of what it lacks. */
    synchronized void copying(RaftPeerId member, long nowNanos) {
        copyingNanos.put(member, nowNanos);
    }

    private boolean copiedSince(RaftPeerId peer, Seen before) {
        Long asked = copyingNanos.get(peer);
        return asked != null && asked - before.sinceNanos() > 0;
    }

    /** The members whose commit index has stood still for the time and the bytes it takes to be absent. */
    synchronized Set<RaftPeerId> absent(long bytesApplied, long nowNanos) {
        return seen.entrySet().stream()
                .filter(peer -> nowNanos - peer.getValue().sinceNanos() >= keepFor.toNanos()
                        && bytesApplied - peer.getValue().bytesApplied() > marginBytes)
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
