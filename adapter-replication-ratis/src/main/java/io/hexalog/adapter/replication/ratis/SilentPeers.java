package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.FollowerInfoProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The other nodes this node has heard nothing from, in any of its groups, for an election timeout.
 *
 * <p>In each group a leader hears from its followers and a follower from its leader, at least every half election
 * timeout while both live. A node silent in every group where this node would hear from it is most likely dead. The
 * cluster marks a node not live only after 3 s without a message, through the metadata log; until then Metadata would
 * still list it among the brokers, and the Java client may send its metadata requests to a broker it is not
 * connected to, fail to connect, and back off up to a second each time. Left out of the brokers this node lists, it is
 * left alone.
 */
final class SilentPeers {

    private SilentPeers() {
    }

    /**
     * @param members      this node's members of its groups (null ones are skipped)
     * @param silenceLimit how long a node may be silent and still count as heard: the shortest election timeout
     * @return the node IDs this node would hear from in some group and has heard nothing from in any for the limit
     */
    static Set<Integer> among(Iterable<DivisionInfo> members, Duration silenceLimit) {
        Map<Integer, Long> quietestMillis = new HashMap<>();
        for (DivisionInfo member : members) {
            if (member == null) {
                continue;
            }
            RoleInfoProto role = member.getRoleInfoProto();
            if (role.hasFollowerInfo() && role.getFollowerInfo().getLeaderInfo().hasId()) {
                FollowerInfoProto follower = role.getFollowerInfo();
                heard(quietestMillis, follower.getLeaderInfo(), leaderSilenceMillis(follower));
            } else if (role.hasLeaderInfo()) {
                for (ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
                    heard(quietestMillis, follower, follower.getLastRpcElapsedTimeMs());
                }
            }
        }
        return quietestMillis.entrySet().stream()
                .filter(peer -> peer.getValue() >= silenceLimit.toMillis())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * How long a follower has heard nothing from its leader: none while it is still writing an entry from it, which
     * Ratis does not count as silence either.
     */
    static long leaderSilenceMillis(FollowerInfoProto follower) {
        return follower.getOutstandingOp() > 0 ? 0 : follower.getLeaderInfo().getLastRpcElapsedTimeMs();
    }

    private static void heard(Map<Integer, Long> quietestMillis, ServerRpcProto peer, long elapsedMillis) {
        int nodeId = GroupLayout.nodeId(RaftPeerId.valueOf(peer.getId().getId()));
        quietestMillis.merge(nodeId, elapsedMillis, Math::min);
    }
}
