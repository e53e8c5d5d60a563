package io.hexalog.adapter.replication.ratis;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * The member a leader that cannot serve its group steps down for. A leader serves once it has applied every entry
 * before its term (Ratis' {@code notifyLeaderReady}); a node whose store holds a command of the group
 * ({@link HeldApplies}), or that has not finished copying the shard's partitions from the leader, applies nothing
 * meanwhile. Where another member leads, such a node gives up its place by its priority ({@link YieldedPriorities});
 * but it may be elected all the same, when its log is the longest or no ready leader lowered its priority yet, and
 * then nothing moves it: Ratis takes no change of the group's configuration from a leader that is not ready, and
 * hands leadership only to a member of the highest priority. The group would be led, and serve nothing, until what
 * the node lacks comes.
 *
 * <p>So it steps down, once a member that can be elected in its place holds its whole log: one that answers, and
 * whose priority is not below this node's. Raft elects only a member whose log is as long as a majority's, and where
 * the logs are the same Ratis' voters refuse a member of a lower priority than their own: a member of lower priority
 * would lose to this node again. One of the same priority may lose too, at random, and the leader then steps down
 * once more.
 */
final class NotReadyLeader {

    private NotReadyLeader() {
    }

    /**
     * The follower a leader of priority {@code ownPriority}, whose log ends at {@code lastIndex}, steps down for: an
     * answering one that holds the whole log and whose priority is not below the leader's, the highest priority
     * first; empty where there is none yet.
     */
    static OptionalInt successor(int ownPriority, long lastIndex, List<InSyncReplicas.Follower> followers) {
        return followers.stream()
                .filter(follower -> follower.answering() && follower.matchIndex() >= lastIndex
                        && follower.priority() >= ownPriority)
                .max(Comparator.comparingInt(InSyncReplicas.Follower::priority))
                .map(follower -> OptionalInt.of(follower.nodeId()))
                .orElse(OptionalInt.empty());
    }
}
