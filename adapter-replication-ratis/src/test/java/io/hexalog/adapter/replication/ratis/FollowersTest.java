package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.LeaderInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.util.LifeCycle;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FollowersTest {

    private static final List<RaftPeer> MEMBERS = List.of(member(1, 3), member(2, 2), member(3, 1));

    @Test
    void shouldGiveEachFollowerItsMatchIndexSilenceAndPriority() {
        DivisionInfo leading = new Leading(new long[]{42, 17}, role(heard(2, 30), heard(3, 4_000)));

        assertThat(Followers.of(leading, MEMBERS)).containsExactly(
                new InSyncReplicas.Follower(2, 42, 30, 2),
                new InSyncReplicas.Follower(3, 17, 4_000, 1));
    }

    @Test
    void shouldCountAFollowerOutsideTheConfigurationAsOneThatGaveUpItsPlace() {
        DivisionInfo leading = new Leading(new long[]{42, 17}, role(heard(2, 30), heard(3, 30)));

        assertThat(Followers.of(leading, List.of(member(1, 3), member(2, 2))))
                .extracting(InSyncReplicas.Follower::priority)
                .containsExactly(2, YieldedPriorities.YIELDED_PRIORITY);
    }

    @Test
    void shouldSayNothingWhereTheFollowersChangedWhileTheyWereRead() {
        DivisionInfo changing = new Leading(new long[]{42, 17},
                role(heard(2, 30), heard(3, 30)), role(heard(3, 30), heard(2, 30)));
        DivisionInfo unmatched = new Leading(new long[]{42}, role(heard(2, 30), heard(3, 30)));

        assertThat(Followers.of(changing, MEMBERS)).isNull();
        assertThat(Followers.of(unmatched, MEMBERS)).isNull();
    }

    @Test
    void shouldSayNothingWhereThisNodeDoesNotLead() {
        DivisionInfo following = new FixedDivisionInfo(RoleInfoProto.newBuilder().setRole(RaftPeerRole.FOLLOWER)
                .build());

        assertThat(Followers.of(following, MEMBERS)).isNull();
    }

    private static RoleInfoProto role(ServerRpcProto... followers) {
        return RoleInfoProto.newBuilder().setRole(RaftPeerRole.LEADER)
                .setLeaderInfo(LeaderInfoProto.newBuilder().addAllFollowerInfo(List.of(followers)))
                .build();
    }

    private static ServerRpcProto heard(int nodeId, long millisAgo) {
        return ServerRpcProto.newBuilder()
                .setId(RaftPeerProto.newBuilder().setId(GroupLayout.peerId(nodeId).toByteString()))
                .setLastRpcElapsedTimeMs(millisAgo)
                .build();
    }

    private static RaftPeer member(int nodeId, int priority) {
        return RaftPeer.newBuilder().setId(GroupLayout.peerId(nodeId)).setPriority(priority).build();
    }

    /** A leader whose role information is read from a queue, one element per read; the last one stays. */
    private static final class Leading implements DivisionInfo {
        private final long[] matchIndexes;
        private final Deque<RoleInfoProto> roles;

        Leading(long[] matchIndexes, RoleInfoProto... roles) {
            this.matchIndexes = matchIndexes;
            this.roles = new ArrayDeque<>(List.of(roles));
        }

        @Override
        public RoleInfoProto getRoleInfoProto() {
            return roles.size() > 1 ? roles.poll() : roles.peek();
        }

        @Override
        public long[] getFollowerMatchIndices() {
            return matchIndexes;
        }

        @Override
        public RaftPeerRole getCurrentRole() {
            return RaftPeerRole.LEADER;
        }

        @Override
        public boolean isLeaderReady() {
            return true;
        }

        @Override
        public RaftPeerId getLeaderId() {
            return null;
        }

        @Override
        public LifeCycle.State getLifeCycleState() {
            return LifeCycle.State.RUNNING;
        }

        @Override
        public long getCurrentTerm() {
            return 3;
        }

        @Override
        public long getLastAppliedIndex() {
            return 0;
        }

        @Override
        public long[] getFollowerNextIndices() {
            return new long[0];
        }
    }
}
