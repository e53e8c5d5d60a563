package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The followers of a group as the node that leads it sees them: how far each holds the log, when it last answered. */
final class Followers {

    private Followers() {
    }

    /**
     * The followers of a group this node leads; null if they changed while they were read, or this node does not lead
     * the group. Ratis gives the followers' match indexes and their last replies in two lists of the same order, from
     * its log appenders; the second is read twice, so that a change of members between the reads is noticed.
     */
    static List<InSyncReplicas.Follower> of(RaftServer.Division leader) {
        return of(leader.getInfo(), leader.getRaftConf().getCurrentPeers());
    }

    /**
     * The followers {@code info} reports, each with its priority among {@code members}, the group's current
     * configuration; a follower no longer in it counts as one that gave up its place.
     */
    static List<InSyncReplicas.Follower> of(DivisionInfo info, Collection<RaftPeer> members) {
        List<ServerRpcProto> before = followerRpcs(info);
        long[] matchIndexes = info.getFollowerMatchIndices();
        List<ServerRpcProto> after = followerRpcs(info);
        if (before == null || after == null || matchIndexes == null || matchIndexes.length != before.size()
                || !idsOf(before).equals(idsOf(after))) {
            return null;
        }
        Map<RaftPeerId, Integer> priorities = new HashMap<>();
        members.forEach(peer -> priorities.put(peer.getId(), peer.getPriority()));
        List<InSyncReplicas.Follower> followers = new ArrayList<>(before.size());
        for (int i = 0; i < before.size(); i++) {
            ServerRpcProto follower = after.get(i);
            RaftPeerId peer = RaftPeerId.valueOf(follower.getId().getId());
            int priority = priorities.getOrDefault(peer, YieldedPriorities.YIELDED_PRIORITY);
            followers.add(new InSyncReplicas.Follower(GroupLayout.nodeId(peer), matchIndexes[i],
                    follower.getLastRpcElapsedTimeMs(), priority));
        }
        return followers;
    }

    private static List<ServerRpcProto> followerRpcs(DivisionInfo info) {
        RoleInfoProto role = info.getRoleInfoProto();
        return role.hasLeaderInfo() ? role.getLeaderInfo().getFollowerInfoList() : null;
    }

    private static List<String> idsOf(List<ServerRpcProto> followers) {
        return followers.stream().map(follower -> follower.getId().getId().toStringUtf8()).toList();
    }
}
