package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.PartitionLeadership;
import org.apache.ratis.proto.RaftProtos.FollowerInfoProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;

import java.time.Duration;

/**
 * Which node a member of a Raft group names to clients as the group's leader.
 *
 * <p>A leader names itself only once it is ready (it has applied everything committed before its term). A follower
 * names the leader it follows, as long as it still hears from it: the leader sends each follower an entry or a
 * heartbeat at least every half of the shortest election timeout, so a follower that heard nothing for a whole one
 * (and is not writing an entry from it that moment) has lost its leader as far as clients are concerned. Ratis lets
 * it wait up to twice that long before it stands for election, and another follower may wait longer still; naming
 * the silent leader meanwhile would send clients back to a dead node, whose reconnections they back off to a second.
 * Told that there is no leader, they ask again soon and find the new one as soon as it serves.
 */
final class ReadyLeader {

    private ReadyLeader() {
    }

    /**
     * @param member       this node's member of the group; null if it is none
     * @param self         this node's ID
     * @param silenceLimit how long a follower may hear nothing from its leader and still name it: the shortest
     *                     election timeout
     * @return the leader's node ID, or {@link PartitionLeadership#NO_LEADER}
     */
    static int of(DivisionInfo member, int self, Duration silenceLimit) {
        if (member == null) {
            return PartitionLeadership.NO_LEADER;
        }
        if (member.isLeader()) {
            return member.isLeaderReady() ? self : PartitionLeadership.NO_LEADER;
        }
        RaftPeerId leader = member.getLeaderId();
        if (leader == null || !member.isFollower() || fellSilent(member, silenceLimit)) {
            return PartitionLeadership.NO_LEADER;
        }
        return GroupLayout.nodeId(leader);
    }

    private static boolean fellSilent(DivisionInfo follower, Duration silenceLimit) {
        FollowerInfoProto info = follower.getRoleInfoProto().getFollowerInfo();
        return info.getOutstandingOp() == 0 && info.getLeaderInfo().getLastRpcElapsedTimeMs() >= silenceLimit.toMillis();
    }
}
