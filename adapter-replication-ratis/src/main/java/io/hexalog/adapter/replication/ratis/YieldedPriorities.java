package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Keeps a node that should not lead a group from leading it: while its store fails to write a command of the group
 * ({@link HeldApplies}), while it has not finished copying the shard's partitions from the leader, and once a replica
 * of it was found to differ from the leader's ({@link ReplicaCheck}). A group cannot go on where such a node leads:
 * a leader answers only what it has applied (or would serve a replica that differs), and it keeps sending heartbeats,
 * so no other member stands for election. So this node's Raft priority in the group is set below every other
 * member's: Ratis' leader then hands the leadership to a member of higher priority that holds its log, and no leader
 * hands it back. Once the reason is gone, the priority the layout gives is set again, and a preferred node gets its
 * groups back as after a restart. A node that is stopping gives up its place where it leads
 * ({@link RatisNode#handOverLeaderships}), and takes it again once started anew. A change goes through the group's
 * ready leader; a node that came to lead a group it cannot serve steps down instead ({@link NotReadyLeader}).
 *
 * <p>Each node sets only its own priority, from the group's configuration as it knows it now, one change per group
 * at a time; a change lost to another node's at the same moment is made again at the next look.
 */
final class YieldedPriorities implements AutoCloseable {

    /** Below {@link GroupLayout}'s priorities, preferred or not; Ratis takes none below 0. */
    static final int YIELDED_PRIORITY = 0;
    /** Why a node that is stopping gives up its place: as it should, so not a warning. */
    static final String STOPPING = "this node is stopping";

    private static final Logger LOG = LoggerFactory.getLogger(YieldedPriorities.class);

    /** Sets a group's members, with their priorities, through its leader. */
    @FunctionalInterface
    interface Reconfiguration {
        RaftClientReply setConfiguration(RaftGroupId group, List<RaftPeer> peers) throws IOException;
    }

    private final RaftPeerId self;
    private final Reconfiguration reconfiguration;
    /** Why this node last changed its priority in each group: a reason to yield, or empty where it took it back. */
    private final Map<RaftGroupId, Optional<String>> changedFor = new ConcurrentHashMap<>();
    /** Groups whose change is on its way, so that one is asked at a time. */
    private final Set<RaftGroupId> changing = ConcurrentHashMap.newKeySet();
    /**
     * A change waits for the group's leader to commit it: not on the thread that looks, and not behind another
     * group's change (at most one thread per group, as one change per group is asked at a time).
     */
    private final ExecutorService changes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hexalog-cluster-priorities");
        thread.setDaemon(true);
        return thread;
    });

    YieldedPriorities(RaftPeerId self, Reconfiguration reconfiguration) {
        this.self = self;
        this.reconfiguration = reconfiguration;
    }

    /**
     * Looks at one group this node is a member of, and asks for its priority to change if it is not the one wanted.
     *
     * @param name    how the logs name the group: "metadata" or the shard's name
     * @param laidOut the group as the layout has it, with the priorities it gives
     * @param current the group's members as its configuration has them now
     * @param yieldBecause why this node gives up leading the group (it holds a command of the group its store failed
     *                     to write, or a replica of the group that differs from its leader's); null where it may lead
     * @param noReadyLeader whether this node knows of no ready leader of the group: it leads and is not ready yet,
     *                      or follows no leader. Ratis takes a change of the group's configuration only from a ready
     *                      leader: asked now, the change would wait and be made once there is one, for a reason that
     *                      may be gone by then (a copy this node finished meanwhile), and move the group's leadership
     *                      for nothing. Nothing is asked; the look after asks what is wanted then
     */
    void check(String name, RaftGroup laidOut, Collection<RaftPeer> current, String yieldBecause,
               boolean noReadyLeader) {
        boolean holding = yieldBecause != null;
        RaftPeer planned = laidOut.getPeer(self);
        RaftPeer mine = current.stream().filter(peer -> peer.getId().equals(self)).findFirst().orElse(null);
        if (planned == null || mine == null || noReadyLeader) {
            return;
        }
        int wanted = holding ? YIELDED_PRIORITY : planned.getPriority();
        if (mine.getPriority() == wanted || !changing.add(laidOut.getGroupId())) {
            return;
        }
        List<RaftPeer> peers = withPriority(current, self, wanted);
        try {
            changes.execute(() -> change(name, laidOut.getGroupId(), peers, yieldBecause));
        } catch (RejectedExecutionException closed) {
            changing.remove(laidOut.getGroupId());
        }
    }

    /** The members as they are, but {@code peerId} with {@code priority}. */
    static List<RaftPeer> withPriority(Collection<RaftPeer> peers, RaftPeerId peerId, int priority) {
        return peers.stream()
                .map(peer -> peer.getId().equals(peerId)
                        ? RaftPeer.newBuilder(peer).setPriority(priority).build() : peer)
                .toList();
    }

    private void change(String name, RaftGroupId group, List<RaftPeer> peers, String yieldBecause) {
        try {
            RaftClientReply reply = reconfiguration.setConfiguration(group, peers);
            if (!reply.isSuccess()) {
                LOG.info("Changing this node's priority in the {} group failed ({}); trying again", name,
                        reply.getException());
            } else if (!Objects.equals(changedFor.put(group, Optional.ofNullable(yieldBecause)),
                    Optional.ofNullable(yieldBecause))) {
                // the same change made again, as this node's view of the group caught up late, is not logged again
                if (STOPPING.equals(yieldBecause)) {
                    LOG.info("This node gives up leading the {} group: {}", name, yieldBecause);
                } else if (yieldBecause != null) {
                    LOG.warn("This node gives up leading the {} group: {}", name, yieldBecause);
                } else {
                    LOG.info("This node may lead the {} group again", name);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("Changing this node's priority in the {} group failed ({}); trying again", name, e.toString());
        } finally {
            changing.remove(group);
        }
    }

    @Override
    public void close() {
        changes.shutdownNow();
    }
}
