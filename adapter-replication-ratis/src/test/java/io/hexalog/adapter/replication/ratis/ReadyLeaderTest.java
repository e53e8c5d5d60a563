package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.PartitionLeadership;
import org.apache.ratis.proto.RaftProtos.FollowerInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.server.DivisionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReadyLeaderTest {

    private static final int SELF = 1;
    private static final int OTHER = 2;
    private static final Duration ELECTION_TIMEOUT = Duration.ofMillis(1000);

    @Test
    void shouldNameThisNodeOnlyOnceItLeadsAndIsReady() {
        assertThat(ReadyLeader.namedToClients(member(RaftPeerRole.LEADER, SELF, true), SELF, ELECTION_TIMEOUT)).isEqualTo(SELF);
        assertThat(ReadyLeader.namedToClients(member(RaftPeerRole.LEADER, SELF, false), SELF, ELECTION_TIMEOUT))
                .isEqualTo(PartitionLeadership.NO_LEADER);
    }

    @Test
    void shouldNameTheLeaderAFollowerHeardFromWithinAnElectionTimeout() {
        assertThat(ReadyLeader.namedToClients(follower(OTHER, 0, 0), SELF, ELECTION_TIMEOUT)).isEqualTo(OTHER);
        assertThat(ReadyLeader.namedToClients(follower(OTHER, 999, 0), SELF, ELECTION_TIMEOUT)).isEqualTo(OTHER);
    }

    @Test
    void shouldNameNoLeaderOnceAFollowerHeardNothingFromItForAnElectionTimeout() {
        assertThat(ReadyLeader.namedToClients(follower(OTHER, 1000, 0), SELF, ELECTION_TIMEOUT))
                .isEqualTo(PartitionLeadership.NO_LEADER);
        assertThat(ReadyLeader.namedToClients(follower(OTHER, 60_000, 0), SELF, ELECTION_TIMEOUT))
                .isEqualTo(PartitionLeadership.NO_LEADER);
    }

    @Test
    void shouldGoOnNamingALeaderWhoseEntryTheFollowerIsStillWriting() {
        // an entry takes the follower a while to write; Ratis does not count that time as silence either
        assertThat(ReadyLeader.namedToClients(follower(OTHER, 5000, 1), SELF, ELECTION_TIMEOUT)).isEqualTo(OTHER);
    }

    @Test
    void shouldKnowTheLeaderAFollowerFollowsHoweverLongItHasBeenSilentWhenAskedForRaftsOwnView() {
        // whether this node has joined the cluster: a late heartbeat must not make it unready
        assertThat(ReadyLeader.of(follower(OTHER, 60_000, 0), SELF)).isEqualTo(OTHER);
        assertThat(ReadyLeader.of(member(RaftPeerRole.LEADER, SELF, true), SELF)).isEqualTo(SELF);
        assertThat(ReadyLeader.of(member(RaftPeerRole.CANDIDATE, OTHER, false), SELF))
                .isEqualTo(PartitionLeadership.NO_LEADER);
    }

    @Test
    void shouldNameNoLeaderWhileACandidateOrWithoutAMemberOrALeader() {
        assertThat(ReadyLeader.namedToClients(member(RaftPeerRole.CANDIDATE, OTHER, false), SELF, ELECTION_TIMEOUT))
                .isEqualTo(PartitionLeadership.NO_LEADER);
        assertThat(ReadyLeader.namedToClients(member(RaftPeerRole.FOLLOWER, null, false), SELF, ELECTION_TIMEOUT))
                .isEqualTo(PartitionLeadership.NO_LEADER);
        assertThat(ReadyLeader.namedToClients(null, SELF, ELECTION_TIMEOUT)).isEqualTo(PartitionLeadership.NO_LEADER);
    }

    private static DivisionInfo follower(int leader, long heardMillisAgo, int outstandingOps) {
        RoleInfoProto role = RoleInfoProto.newBuilder()
                .setRole(RaftPeerRole.FOLLOWER)
                .setFollowerInfo(FollowerInfoProto.newBuilder()
                        .setLeaderInfo(ServerRpcProto.newBuilder().setLastRpcElapsedTimeMs(heardMillisAgo))
                        .setOutstandingOp(outstandingOps))
                .build();
        return new FixedDivisionInfo(RaftPeerRole.FOLLOWER, GroupLayout.peerId(leader), false, role);
    }

    private static DivisionInfo member(RaftPeerRole role, Integer leader, boolean ready) {
        return new FixedDivisionInfo(role, leader == null ? null : GroupLayout.peerId(leader), ready,
                RoleInfoProto.newBuilder().setRole(role).build());
    }
}
