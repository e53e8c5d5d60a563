package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.util.LifeCycle;

/**
 * What a member of a Raft group reports of itself, fixed: its role, the leader it knows, whether it is a ready
 * leader, and the role information Ratis would build for it.
 */
record FixedDivisionInfo(RaftPeerRole role, RaftPeerId leader, boolean ready, RoleInfoProto roleInfo)
        implements DivisionInfo {

    /** A member that reports only its role information, and no leader. */
    FixedDivisionInfo(RoleInfoProto roleInfo) {
        this(roleInfo.getRole(), null, roleInfo.getRole() == RaftPeerRole.LEADER, roleInfo);
    }

    @Override
    public RaftPeerRole getCurrentRole() {
        return role;
    }

    @Override
    public boolean isLeaderReady() {
        return ready;
    }

    @Override
    public RaftPeerId getLeaderId() {
        return leader;
    }

    @Override
    public LifeCycle.State getLifeCycleState() {
        return LifeCycle.State.RUNNING;
    }

    @Override
    public RoleInfoProto getRoleInfoProto() {
        return roleInfo;
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

    @Override
    public long[] getFollowerMatchIndices() {
        return new long[0];
    }
}
