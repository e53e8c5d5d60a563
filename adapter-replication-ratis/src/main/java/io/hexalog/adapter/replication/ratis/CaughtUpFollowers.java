package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.MetadataQuorum;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each follower of a group this node leads last held every entry the leader had committed: the
 * {@code LastCaughtUpTimestamp} of DescribeQuorum ({@link MetadataQuorumAnswer}), by which Kafka's tools tell how long
 * a voter has been behind. The leader looks every half second; a follower it has not seen caught up in its term is
 * unknown, as to a new Kafka leader.
 */
final class CaughtUpFollowers {

    private final Map<Integer, Long> caughtUpMillis = new HashMap<>();
    private long term = -1;

    /**
     * Notes which followers hold what the leader committed at a look.
     *
     * @param term      the leader's term: the times of an earlier one are forgotten
     * @param committed the leader's commit index
     * @param followers the followers as the leader sees them
     * @param nowMillis the leader's wall clock
     */
    synchronized void look(long term, long committed, List<InSyncReplicas.Follower> followers, long nowMillis) {
        if (term != this.term) {
            caughtUpMillis.clear();
            this.term = term;
        }
        for (InSyncReplicas.Follower follower : followers) {
            if (follower.matchIndex() >= committed) {
                caughtUpMillis.put(follower.nodeId(), nowMillis);
            }
        }
    }

    /** When follower {@code nodeId} was last seen caught up in {@code term}, or {@link MetadataQuorum#UNKNOWN}. */
    synchronized long lastCaughtUp(long term, int nodeId) {
        return term == this.term ? caughtUpMillis.getOrDefault(nodeId, MetadataQuorum.UNKNOWN) : MetadataQuorum.UNKNOWN;
    }
}
