package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.raftlog.RaftLog;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Where the members of one group stand, as this node knows them at one moment: each member's commit index, this
 * node's own among them (Ratis' commit infos, which the leader's heartbeats and replies keep current), and, where this
 * node leads the group, the index up to which each follower's log matches its own. What a snapshot may be placed at
 * depends on them ({@link SnapshotPlacement}).
 */
final class MemberCommits {

    private final RaftPeerId self;
    private final Map<RaftPeerId, Long> commitIndexes;
    /** Each follower's match index where this node leads the group; null elsewhere. */
    private final long[] followerMatchIndexes;

    /**
     * @param self                 this node's member
     * @param commitIndexes        every member's commit index, by member
     * @param followerMatchIndexes each follower's match index where this node leads the group; null elsewhere
     */
    MemberCommits(RaftPeerId self, Map<RaftPeerId, Long> commitIndexes, long[] followerMatchIndexes) {
        this.self = self;
        this.commitIndexes = Map.copyOf(commitIndexes);
        this.followerMatchIndexes = followerMatchIndexes == null ? null : followerMatchIndexes.clone();
    }

    /** Where the members of the group {@code division} serves stand now. */
    static MemberCommits of(RaftServer.Division division) {
        Map<RaftPeerId, Long> commitIndexes = new HashMap<>();
        for (CommitInfoProto member : division.getCommitInfos()) {
            commitIndexes.put(RaftPeerId.valueOf(member.getServer().getId()), member.getCommitIndex());
        }
        long[] matchIndexes = division.getInfo().isLeader() ? division.getInfo().getFollowerMatchIndices() : null;
        return new MemberCommits(division.getId(), commitIndexes, matchIndexes);
    }

    /** The lowest commit index among the members, this node's own among them, but {@code leftOut}; -1 if none. */
    long lowestCommitIndex(Set<RaftPeerId> leftOut) {
        return commitIndexes.entrySet().stream()
                .filter(member -> !leftOut.contains(member.getKey()))
                .mapToLong(Map.Entry::getValue).min()
                .orElse(RaftLog.INVALID_LOG_INDEX);
    }

    /**
     * The node IDs of the other members furthest from committing {@code index}: those a snapshot at it waits for,
     * rather than a member one entry behind at the moment of asking. Empty when every other member committed it.
     */
    Set<Integer> furthestBehind(long index) {
        Map<RaftPeerId, Long> behind = others().entrySet().stream()
                .filter(member -> member.getValue() < index)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        long furthest = behind.values().stream().mapToLong(Long::longValue).min().orElse(index);
        return behind.entrySet().stream().filter(member -> member.getValue() == furthest)
                .map(member -> GroupLayout.nodeId(member.getKey()))
                .collect(Collectors.toSet());
    }

    /** The commit index of every member but this node. */
    Map<RaftPeerId, Long> others() {
        Map<RaftPeerId, Long> others = new HashMap<>(commitIndexes);
        others.remove(self);
        return others;
    }

    /**
     * The lowest index every follower's log holds, where this node leads the group (the largest index when it has no
     * follower); -1 where it does not lead it.
     */
    long lowestFollowerMatchIndex() {
        if (followerMatchIndexes == null) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        return LongStream.of(followerMatchIndexes).min().orElse(Long.MAX_VALUE);
    }
}
