package io.hexalog.adapter.replication.ratis;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Says when the metadata group has put its snapshot off for long, and when it takes one again. The group snapshots
 * only at an index every member holds ({@link SnapshotPlacement}), so while a node is down its log is kept whole
 * until the node has been away for long ({@link AbsentMembers}): it grows with every command (an offset commit is
 * one), and a node that restarts meanwhile applies all of it. Nothing else tells an operator so. One line once the
 * snapshot has waited for {@code warnAfter}, and one when it is taken again; a burst of commands that puts it off for
 * a moment says nothing.
 */
final class PutOffSnapshots {

    private final long warnAfterNanos;
    /** When the snapshot was first put off in this stretch, or -1 while none is put off. */
    private long sinceNanos = -1;
    /** The latest snapshot's index when this stretch began: where the log is kept from. */
    private long keptFrom;
    private boolean warned;

    PutOffSnapshots(Duration warnAfter) {
        if (warnAfter.isNegative() || warnAfter.isZero()) {
            throw new IllegalArgumentException("A put-off snapshot is told of after a positive time, not "
                    + warnAfter.toMillis() + " ms");
        }
        this.warnAfterNanos = warnAfter.toNanos();
    }

    /**
     * Notes that the group's snapshot was put off again.
     *
     * @param latestIndex  the index of the group's latest snapshot, or -1
     * @param appliedIndex the index this node has applied, where the snapshot would be
     * @param behind       the other members that have not committed that index
     * @return the line to log, once per stretch, once the snapshot has waited for the time given
     */
    synchronized Optional<String> putOff(String group, long latestIndex, long appliedIndex, Set<Integer> behind,
                                         long nowNanos) {
        if (sinceNanos < 0) {
            sinceNanos = nowNanos;
            keptFrom = latestIndex + 1;
        }
        long waitedSeconds = TimeUnit.NANOSECONDS.toSeconds(nowNanos - sinceNanos);
        if (warned || nowNanos - sinceNanos < warnAfterNanos) {
            return Optional.empty();
        }
        warned = true;
        return Optional.of("The " + group + " group has taken no snapshot for " + waitedSeconds + " s: "
                + nodes(behind) + " not committed index " + appliedIndex + " (down, or far behind). Its log is "
                + "kept whole from index " + Math.max(0, keptFrom) + " until every node holds what it would "
                + "snapshot (for a node away for long, until a few log segments more follow), "
                + (appliedIndex - keptFrom + 1) + " entries so far; a node that restarts meanwhile applies all of "
                + "them");
    }

    /**
     * Notes that the group took a snapshot.
     *
     * @return the line to log where the snapshot had been put off for long enough to be told of
     */
    synchronized Optional<String> taken(String group, long index, long nowNanos) {
        long waitedSeconds = sinceNanos < 0 ? 0 : TimeUnit.NANOSECONDS.toSeconds(nowNanos - sinceNanos);
        boolean told = warned;
        sinceNanos = -1;
        warned = false;
        return told ? Optional.of("The " + group + " group took a snapshot again, at index " + index + ", after "
                + waitedSeconds + " s without one") : Optional.empty();
    }

    private static String nodes(Set<Integer> behind) {
        if (behind.isEmpty()) {
            return "a node has";
        }
        Set<Integer> sorted = new TreeSet<>(behind);
        return (sorted.size() == 1 ? "node " : "nodes ")
                + sorted.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + (sorted.size() == 1 ? " has" : " have");
    }
}
