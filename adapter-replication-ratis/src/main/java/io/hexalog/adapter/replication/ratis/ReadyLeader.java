package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.PartitionLeadership;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;

import java.time.Duration;

/**
 * Which node a member of a Raft group names to clients as the group's leader.
 *
 * <p>A leader names itself only once it is ready (it has applied everything committed before its term). A follower
 * names the leader it follows, as long as it still hears from it: the leader sends each follower an entry or a
 * heartbeat at least every half of the shortest election timeout, so a follower that heard nothing for a whole one
 * (and is not writing an entry from it that moment) has lost its leader as far as clients are concerned. Ratis makes
 * it stand for election only at the end of a random election timeout that passed wholly without a message from its
 * leader: one to four of the shortest timeouts after the last one. Naming the silent leader meanwhile would send
 * clients back to a dead node, whose reconnections they back off to a second; told that there is no leader, they
 * ask again soon and find the new one as soon as it serves. Whether this node has joined the cluster is judged by
 * Raft's own view ({@link #of}), so that a late heartbeat does not make it unready.
 */
final class ReadyLeader {

    private ReadyLeader() {
    }

    /**
     * The leader as this node's member of the group knows it: itself once ready, or the leader it follows.
     *
     * @param member this node's member of the group; null if it is none
     * @param self   this node's ID
     * @return the leader's node ID, or {@link PartitionLeadership#NO_LEADER}
     */
    static int of(DivisionInfo member, int self) {
        if (member == null) {
            return PartitionLeadership.NO_LEADER;
        }
        if (member.isLeader()) {
            return member.isLeaderReady() ? self : PartitionLeadership.NO_LEADER;
        }
        RaftPeerId leader = member.getLeaderId();
        return leader == null || !member.isFollower() ? PartitionLeadership.NO_LEADER : GroupLayout.nodeId(leader);
    }

    /**
     * The leader as clients are told of it: as {@link #of}, but none once a follower has stopped hearing from it.
     *
     * @param silenceLimit how long a follower may hear nothing from its leader and still name it: the shortest
     *                     election timeout
     */
    static int namedToClients(DivisionInfo member, int self, Duration silenceLimit) {
        int leader = of(member, self);
        boolean followed = leader != PartitionLeadership.NO_LEADER && leader != self;
        return followed && fellSilent(member, silenceLimit) ? PartitionLeadership.NO_LEADER : leader;
    }

    private static boolean fellSilent(DivisionInfo follower, Duration silenceLimit) {
        return SilentPeers.leaderSilenceMillis(follower.getRoleInfoProto().getFollowerInfo()) >= silenceLimit.toMillis();
    }
}
