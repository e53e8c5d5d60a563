package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Keeps this node's place in each group it holds, looked at every half second from the node's start: the node gives
 * up leading a group it cannot serve (its store holds a command of the group, it has not finished copying the
 * group's partitions from the leader), where one of its replicas differs from the leader's, or while it stops, and
 * takes its place again after ({@link YieldedPriorities}); it steps down where it leads a group it cannot serve
 * ({@link NotReadyLeader}); and a member that holds nothing of a group, as after its data directory was emptied,
 * asks the group's leader to step down ({@link EmptyLogNudges}).
 */
final class PriorityKeeper implements AutoCloseable {

    /** One group this node holds, as the keeper looks at it. */
    record Group(String name, RaftGroup laidOut, RaftServer.Division division, CommandStateMachine machine,
                 Supplier<RaftClient> client) {
    }

    /** What the keeper needs of the node it runs on. */
    interface Node {

        /** The metadata group and each shard group the node holds, whose Raft division and state machine are up. */
        List<Group> groups();

        /** Whether the node, stopping, gives up its place in the group of {@code division} ({@link LeadershipHandOver}). */
        boolean givesUpPlaceIn(RaftServer.Division division);

        /** Asks Ratis to hand a group the node leads to {@code target}, or, where null, to the member it chooses. */
        CompletableFuture<RaftClientReply> transferLeadership(RaftGroupId group, RaftPeerId target) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PriorityKeeper.class);

    private final Node node;
    private final Duration requestTimeout;
    /**
     * This node's priority in the groups whose commands its store holds, where a replica of it diverged, or whose
     * copy from the leader it has not finished.
     */
    private final YieldedPriorities yieldedPriorities;
    /** Groups this node is stepping down from leading, as it cannot serve them ({@link #stepDownIfNotReady}). */
    private final Set<RaftGroupId> steppingDown = ConcurrentHashMap.newKeySet();
    /** When a member of this node that holds nothing asks its group's leader to step down. */
    private final EmptyLogNudges emptyLogNudges;
    /** Where those asks wait for the leader's answer, one at a time. */
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hexalog-cluster-leader-nudges");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param reconfiguration how a group's priorities are set, through its leader
     * @param nudgeAfter      how long a member that holds nothing follows a leader before it asks it to step down
     * @param requestTimeout  how long such an ask may take
     */
    PriorityKeeper(RaftPeerId self, Node node, YieldedPriorities.Reconfiguration reconfiguration, Duration nudgeAfter,
                   Duration requestTimeout) {
        this.node = node;
        this.requestTimeout = requestTimeout;
        this.yieldedPriorities = new YieldedPriorities(self, reconfiguration);
        this.emptyLogNudges = new EmptyLogNudges(nudgeAfter);
    }

    /** Looks at every group the node holds once; a failure is logged, and the next look tries again. */
    void look() {
        try {
            for (Group group : node.groups()) {
                keepPriority(group);
                nudgeIfEmpty(group);
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking at this node's priorities failed", e);
        }
    }

    /**
     * Asks a group's leader to step down where this node's member holds nothing of the group while it follows that
     * leader, as after its data directory was emptied ({@link EmptyLogNudges}).
     */
    private void nudgeIfEmpty(Group group) {
        DivisionInfo info = group.division().getInfo();
        TermIndex last = group.division().getRaftLog().getLastEntryTermIndex();
        boolean holdsNothing = group.machine().holdsNothing() && last == null;
        boolean followsALeader = info.isFollower() && info.getLeaderId() != null;
        boolean lacks = group.machine().lostEntries().mayLack(info.isLeader(), followsALeader, info.getCurrentTerm(),
                last == null ? -1 : last.getIndex());
        if (!emptyLogNudges.shouldNudge(group.name(), holdsNothing || lacks, followsALeader, System.nanoTime())) {
            return;
        }
        RaftPeerId leader = info.getLeaderId();
        if (holdsNothing) {
            LOG.info("This node holds nothing of the {} group and its leader, node {}, sends only what follows "
                    + "entries this node had before it lost them: asking the leader to step down, so that the next "
                    + "one starts from what this node holds", group.name(), GroupLayout.nodeId(leader));
        } else {
            LOG.info("This node's log of the {} group failed a write before this start, and its leader, node {}, may "
                    + "count as held entries the log lacks: asking the leader to step down, so that the next one "
                    + "starts from what this node holds", group.name(), GroupLayout.nodeId(leader));
        }
        try {
            nudges.execute(() -> {
                try {
                    RaftClientReply reply = group.client().get().admin().transferLeadership(null,
                            requestTimeout.toMillis());
                    if (!reply.isSuccess()) {
                        LOG.info("The {} group's leader did not step down ({}); asking again later", group.name(),
                                reply.getException());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.info("Asking the {} group's leader to step down failed ({}); asking again later",
                            group.name(), e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            // the node is closing
        }
    }

    private void keepPriority(Group group) {
        CommandStateMachine machine = group.machine();
        RaftServer.Division division = group.division();
        String cannotServeBecause = machine.holdsCommands()
                ? "its store holds a command of the group, until the store takes it"
                : machine.copyUnfinished() ? "it has not finished copying the group's partitions from the leader"
                : null;
        String yieldBecause = node.givesUpPlaceIn(division) ? YieldedPriorities.STOPPING
                : cannotServeBecause != null ? cannotServeBecause
                : machine.hasDivergedReplicas() ? "its replica of a partition differs from the leader's"
                : null;
        DivisionInfo info = division.getInfo();
        yieldedPriorities.check(group.name(), group.laidOut(), division.getRaftConf().getCurrentPeers(), yieldBecause,
                info.isLeader() ? !info.isLeaderReady() : info.getLeaderId() == null);
        if (cannotServeBecause != null) {
            stepDownIfNotReady(group.name(), division, cannotServeBecause);
        }
    }

    /**
     * Steps down from leading a group that this node cannot serve, once a member that can be elected in its place
     * holds its whole log ({@link NotReadyLeader}); one step down at a time per group.
     */
    private void stepDownIfNotReady(String name, RaftServer.Division division, String because) {
        DivisionInfo info = division.getInfo();
        RaftGroupId group = division.getGroup().getGroupId();
        if (!info.isLeader() || info.isLeaderReady() || steppingDown.contains(group)) {
            return;
        }
        List<InSyncReplicas.Follower> followers = Followers.of(division);
        TermIndex last = division.getRaftLog().getLastEntryTermIndex();
        RaftPeer self = division.getRaftConf().getPeer(division.getId());
        if (followers == null || last == null || self == null) {
            return;
        }
        OptionalInt successor = NotReadyLeader.successor(self.getPriority(), last.getIndex(), followers);
        if (successor.isEmpty() || !steppingDown.add(group)) {
            return;
        }
        LOG.warn("This node leads the {} group but cannot serve it: {}. It steps down, so that node {}, which holds "
                + "the group's whole log, can lead it", name, because, successor.getAsInt());
        try {
            node.transferLeadership(group, null).whenComplete((reply, failure) -> {
                steppingDown.remove(group);
                if (failure != null || !reply.isSuccess()) {
                    LOG.info("Stepping down from leading the {} group failed ({}); trying again at the next look",
                            name, failure != null ? failure.toString() : reply.getException());
                }
            });
        } catch (IOException | RuntimeException e) {
            steppingDown.remove(group);
            LOG.info("Stepping down from leading the {} group failed ({}); trying again at the next look", name,
                    e.toString());
        }
    }

    @Override
    public void close() {
        nudges.shutdownNow();
        yieldedPriorities.close();
    }
}
