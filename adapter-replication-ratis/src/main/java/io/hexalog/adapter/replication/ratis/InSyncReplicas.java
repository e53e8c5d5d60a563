package io.hexalog.adapter.replication.ratis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The in-sync replicas of a shard's partitions, kept by the shard's leader: the members whose Raft log holds what the
 * leader had committed a moment ago. Kafka's rule ({@code replica.lag.time.max.ms}) on Raft's numbers: a follower
 * leaves the set when it has not held, at any moment of the last {@code lagMax}, everything the leader had committed
 * at that moment; at once when it stops answering (a node killed) or gives up its place in the group (its store
 * holds commands, or a replica of it differs from the leader's: {@link YieldedPriorities}). It comes back once it
 * answers, holds its place, and its log reaches what the leader had committed at the previous look, as a Kafka
 * follower comes back once it reached the high watermark. The leader is always in the set.
 *
 * <p>A leader that has just taken over starts from the set its predecessor announced: those followers count as
 * caught up at the moment the leader started, the others must catch up first.
 *
 * <p>Looked at by one thread; {@link #current()} may be read by any.
 */
final class InSyncReplicas {

    private static final Logger LOG = LoggerFactory.getLogger(InSyncReplicas.class);

    /**
     * A follower as the leader sees it at one look.
     *
     * @param matchIndex   the last index of the leader's log this follower is known to hold
     * @param silentMillis how long ago it last answered the leader
     * @param priority     its Raft priority in the group's configuration
     */
    record Follower(int nodeId, long matchIndex, long silentMillis, int priority) {

        /** A follower not heard from for this long no longer counts as answering (nor alive, nor in sync). */
        static final long ANSWERING_WITHIN_MS = 3_000;

        /** Whether it answered the leader lately. */
        boolean answering() {
            return silentMillis < ANSWERING_WITHIN_MS;
        }

        /** Whether it gave up its place in the group ({@link YieldedPriorities}). */
        boolean yielding() {
            return priority == YieldedPriorities.YIELDED_PRIORITY;
        }
    }

    /** The commit index at a look, and the latest look at which it still was that. */
    private record Commit(long index, long atNanos) {
    }

    private final String shard;
    private final int leaderId;
    private final long term;
    private final long lagMaxNanos;
    private final long startNanos;
    /** The commit index at each look of the last {@code lagMax}, oldest first; it only grows. */
    private final Deque<Commit> commits = new ArrayDeque<>();
    private final Set<Integer> followersInSync = new TreeSet<>();
    private volatile Set<Integer> current;

    /**
     * @param followersInSync the followers the shard's last announcement named in sync, or all of them where it has
     *                        none
     */
    InSyncReplicas(String shard, int leaderId, long term, Collection<Integer> followersInSync, Duration lagMax,
                   long nowNanos) {
        this.shard = shard;
        this.leaderId = leaderId;
        this.term = term;
        this.lagMaxNanos = lagMax.toNanos();
        this.startNanos = nowNanos;
        this.followersInSync.addAll(followersInSync);
        this.followersInSync.remove(leaderId);
        this.current = withLeader();
    }

    long term() {
        return term;
    }

    /** The in-sync replicas as of the last look, the leader among them, by node ID. */
    Set<Integer> current() {
        return current;
    }

    /**
     * Looks at the followers once more and returns the in-sync replicas.
     *
     * @param commitIndex the leader's commit index now
     * @param followers   every follower of the group now; one missing is no longer a member
     */
    Set<Integer> look(long nowNanos, long commitIndex, List<Follower> followers) {
        long previousCommit = commits.isEmpty() ? commitIndex : commits.peekLast().index();
        remember(commitIndex, nowNanos);
        followersInSync.retainAll(followers.stream().map(Follower::nodeId).toList());
        for (Follower follower : followers) {
            int nodeId = follower.nodeId();
            if (followersInSync.contains(nodeId)) {
                String why = whyOut(follower, nowNanos);
                if (why != null) {
                    followersInSync.remove(nodeId);
                    LOG.info("Broker {} leaves the in-sync replicas of the {} group's partitions: it {}", nodeId,
                            shard, why);
                }
            } else if (follower.answering() && !follower.yielding() && follower.matchIndex() >= previousCommit) {
                followersInSync.add(nodeId);
                LOG.info("Broker {} is back among the in-sync replicas of the {} group's partitions: its log holds "
                        + "what the leader committed, up to index {}", nodeId, shard, previousCommit);
            }
        }
        current = withLeader();
        return current;
    }

    private String whyOut(Follower follower, long nowNanos) {
        if (!follower.answering()) {
            return "stopped answering";
        }
        if (follower.yielding()) {
            return "gave up its place in the group (its store holds commands, a replica of it differs, or it has "
                    + "not finished copying the partitions)";
        }
        if (nowNanos - caughtUpAt(follower.matchIndex()) > lagMaxNanos) {
            return "has not caught up with the leader's commit index for " + lagMaxNanos / 1_000_000
                    + " ms (replica.lag.time.max.ms); its log ends at index " + follower.matchIndex();
        }
        return null;
    }

    /**
     * The latest look at which the leader's commit index was no further than {@code matchIndex}; for a log behind
     * every look kept, the moment this leader started (as if it had caught up then).
     */
    private long caughtUpAt(long matchIndex) {
        for (Iterator<Commit> newestFirst = commits.descendingIterator(); newestFirst.hasNext(); ) {
            Commit commit = newestFirst.next();
            if (commit.index() <= matchIndex) {
                return commit.atNanos();
            }
        }
        return startNanos;
    }

    /** Adds this look's commit index, and forgets looks older than {@code lagMax} but the newest. */
    private void remember(long commitIndex, long nowNanos) {
        Commit last = commits.peekLast();
        if (last != null && last.index() >= commitIndex) {
            commits.pollLast();
            commitIndex = last.index();
        }
        commits.addLast(new Commit(commitIndex, nowNanos));
        while (commits.size() > 1 && nowNanos - commits.peekFirst().atNanos() > lagMaxNanos) {
            commits.pollFirst();
        }
    }

    private Set<Integer> withLeader() {
        Set<Integer> members = new TreeSet<>(followersInSync);
        members.add(leaderId);
        return Collections.unmodifiableSet(members);
    }
}
