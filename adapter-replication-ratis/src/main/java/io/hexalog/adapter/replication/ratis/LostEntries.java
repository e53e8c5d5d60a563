package io.hexalog.adapter.replication.ratis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A member of a group whose log failed a write, started again: its group's leader may count as held entries the
 * member's log lacks, and then never sends them.
 *
 * <p>Tried with three nodes, one on a full disk: after Ratis failed that node's log of a group, the group's leader
 * had the member's match index past the end of what its log held once started again. Ratis keeps the entries it
 * failed to write in the log's memory, and a member answers for them when the leader sends them again; the node now
 * closes such a member at once ({@link RatisNode}), but an answer may have gone before. The leader then sends only
 * entries after that index, which the member refuses, and its match index never goes back: the member stays behind,
 * out of the in-sync replicas, for as long as that leader leads. A new leader starts from what each member says it
 * holds. So the node marks such a group ({@link #mark}) before it starts again, and once started, while it follows a
 * leader, asks that leader to step down ({@link PriorityKeeper}), as a member that holds nothing does
 * ({@link EmptyLogNudges}). The mark goes once the member leads, once its log has grown since the first look (the
 * leader sends what follows the member's own end), or once the group is in a later term than the one the member
 * first followed a leader in.
 *
 * <p>Looked at by one thread.
 */
final class LostEntries {

    private static final Logger LOG = LoggerFactory.getLogger(LostEntries.class);
    /** The mark, beside the group's {@code current/} and {@code sm/}, of a member whose log failed a write. */
    static final String MARK = "log-failed";

    private final Path groupDirectory;
    private boolean marked;
    /** The term when the member was first seen following a leader; -1 before. */
    private long firstTerm = -1;
    /** The log's last index at the first look; null before. */
    private Long firstEnd;

    private LostEntries(Path groupDirectory, boolean marked) {
        this.groupDirectory = groupDirectory;
        this.marked = marked;
    }

    /** What the group's directory says: whether its member's log failed a write before this start. */
    static LostEntries of(Path groupDirectory) {
        return new LostEntries(groupDirectory, Files.exists(groupDirectory.resolve(MARK)));
    }

    /** A member whose log failed no write. */
    static LostEntries none() {
        return new LostEntries(null, false);
    }

    /** Marks the group's member as one whose log failed a write, for its next start. */
    static void mark(Path groupDirectory) throws IOException {
        DurableFiles.mark(groupDirectory.resolve(MARK));
    }

    /**
     * Whether the member may still lack entries its leader counts as held; once the member leads, or its log has grown
     * since the first look, or the group is in a later term than the one the member first followed a leader in, it no
     * longer may, and the mark goes.
     *
     * @param leads          whether the member leads the group now
     * @param followsALeader whether the member follows a leader now
     * @param term           the group's current term as the member knows it
     * @param lastIndex      the last index the member's log holds, -1 if none
     */
    boolean mayLack(boolean leads, boolean followsALeader, long term, long lastIndex) {
        if (!marked) {
            return false;
        }
        if (firstEnd == null) {
            firstEnd = lastIndex;
        }
        if (leads || lastIndex > firstEnd || (firstTerm >= 0 && term > firstTerm)) {
            unmark();
            return false;
        }
        if (firstTerm < 0 && followsALeader) {
            firstTerm = term;
        }
        return true;
    }

    private void unmark() {
        marked = false;
        try {
            DurableFiles.unmark(groupDirectory.resolve(MARK));
        } catch (IOException e) {
            LOG.warn("Could not remove the mark {}: {}", groupDirectory.resolve(MARK), e.toString());
        }
    }
}
