package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.FollowerInfoProto;
import org.apache.ratis.proto.RaftProtos.LeaderInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.server.DivisionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SilentPeersTest {

    private static final Duration ELECTION_TIMEOUT = Duration.ofMillis(1000);

    @Test
    void shouldNameAFollowerItsLeaderHasNotHeardFromForAnElectionTimeout() {
        DivisionInfo leading = leader(followerHeard(2, 50), followerHeard(3, 1000));

        assertThat(SilentPeers.among(List.of(leading), ELECTION_TIMEOUT)).containsExactly(3);
    }

    @Test
    void shouldNameALeaderItsFollowerHasNotHeardFromForAnElectionTimeoutUnlessStillWritingItsEntry() {
        assertThat(SilentPeers.among(List.of(follower(2, 1500, 0)), ELECTION_TIMEOUT)).containsExactly(2);
        assertThat(SilentPeers.among(List.of(follower(2, 1500, 1)), ELECTION_TIMEOUT)).isEmpty();
        assertThat(SilentPeers.among(List.of(follower(2, 999, 0)), ELECTION_TIMEOUT)).isEmpty();
    }

    @Test
    void shouldCountANodeHeardInAnyGroupAsHeard() {
        // node 2 leads a group this node follows, silently, but answered this node's own leadership just now
        List<DivisionInfo> groups = Arrays.asList(follower(2, 5000, 0), leader(followerHeard(2, 10)), null);

        assertThat(SilentPeers.among(groups, ELECTION_TIMEOUT)).isEmpty();
    }

    @Test
    void shouldNameNoOneWhereThisNodeHearsFromNoOne() {
        DivisionInfo candidate = new FixedDivisionInfo(
                RoleInfoProto.newBuilder().setRole(RaftPeerRole.CANDIDATE).build());

        assertThat(SilentPeers.among(List.of(candidate), ELECTION_TIMEOUT)).isEmpty();
    }

    private static ServerRpcProto followerHeard(int nodeId, long millisAgo) {
        return ServerRpcProto.newBuilder().setId(peer(nodeId)).setLastRpcElapsedTimeMs(millisAgo).build();
    }

    private static DivisionInfo leader(ServerRpcProto... followers) {
        return new FixedDivisionInfo(RoleInfoProto.newBuilder().setRole(RaftPeerRole.LEADER)
                .setLeaderInfo(LeaderInfoProto.newBuilder().addAllFollowerInfo(List.of(followers)))
                .build());
    }

    private static DivisionInfo follower(int leader, long heardMillisAgo, int outstandingOps) {
        return new FixedDivisionInfo(RoleInfoProto.newBuilder().setRole(RaftPeerRole.FOLLOWER)
                .setFollowerInfo(FollowerInfoProto.newBuilder()
                        .setLeaderInfo(followerHeard(leader, heardMillisAgo))
                        .setOutstandingOp(outstandingOps))
                .build());
    }

    private static RaftPeerProto peer(int nodeId) {
        return RaftPeerProto.newBuilder().setId(GroupLayout.peerId(nodeId).toByteString()).build();
    }
}
