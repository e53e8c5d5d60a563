package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Before a node stops, hands the leadership of its groups to other members, as a Kafka broker's controlled shutdown
 * moves its partitions' leaders away: the node gives up its place in every group it leads by its priority, as a node
 * that cannot serve does ({@link YieldedPriorities}), so that Ratis' leader hands the group at once to a member that
 * holds its log, and clients are sent there while this node still answers, rather than waiting for an election
 * timeout after it stopped. It takes its place again once started anew. Groups of one member, or whose other members
 * are stopping too ({@link StoppingMembers}, as when a whole cluster is stopped) or do not answer, stay with it.
 */
final class LeadershipHandOver {

    /** What the hand-over needs of the node it runs on. */
    interface Node {

        /** Calls {@code action} with the metadata group and each shard group the node holds, by name. */
        void forEachGroup(BiConsumer<String, RaftServer.Division> action);

        /** Asks node {@code nodeId}, once, whether it is stopping ({@link StoppingMembers}). Blocks. */
        byte[] askWhetherStopping(int nodeId) throws IOException;

        /**
         * Has the node look at its priorities at once, off the caller's thread, rather than at its next look, so
         * that it gives up its place in the groups it hands over; false if the node is closing.
         */
        boolean lookAtPrioritiesNow();

        /** Asks Ratis to hand a group the node leads to node {@code target}. */
        CompletableFuture<RaftClientReply> transferLeadership(RaftGroupId group, int target) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipHandOver.class);
    /** How often a node handing its leaderships over looks whether it still leads. */
    private static final long LOOK_MS = 20;
    /** How often a node handing its leaderships over asks the others whether they are stopping too. */
    private static final long ASK_MS = 100;

    private final int nodeId;
    private final List<Integer> otherNodes;
    private final Node node;
    /** Set once the node begins to stop. */
    private volatile boolean stopping;
    /** The groups the node led as it began to stop, or came to lead since, where it gives up its place. */
    private final Set<RaftGroupId> handedOver = ConcurrentHashMap.newKeySet();
    /** The other nodes the node does not hand its groups to. */
    private final StoppingMembers stoppingMembers = new StoppingMembers();

    LeadershipHandOver(int nodeId, List<QuorumVoter> voters, Node node) {
        this.nodeId = nodeId;
        this.otherNodes = voters.stream().map(QuorumVoter::nodeId).filter(other -> other != nodeId).toList();
        this.node = node;
    }

    /**
     * Tells the node that it is stopping: from now on it answers so when another node asks ({@link StoppingMembers}),
     * and gives up its place in a group it leads once another member could take it. {@link #handOver} begins with it.
     */
    void begin() {
        stopping = true;
    }

    /** Whether the node is stopping. */
    boolean stopping() {
        return stopping;
    }

    /**
     * Hands over the groups the node leads and waits, up to {@code within}, until it leads no group that another
     * answering member could lead.
     *
     * @return how many groups the node still led, that another member could have led, when it stopped waiting: 0
     *         once every one was handed over
     */
    int handOver(Duration within) {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        begin();
        ExecutorService asking = Executors.newFixedThreadPool(Math.max(1, otherNodes.size()), runnable -> {
            Thread thread = new Thread(runnable, "hexalog-cluster-stopping");
            thread.setDaemon(true);
            return thread;
        });
        Set<Integer> inFlight = ConcurrentHashMap.newKeySet();
        try {
            askWhoIsStopping(asking, inFlight);
            awaitAnswers(inFlight);
            Map<String, RaftServer.Division> led = groupsLedThatOthersCouldLead();
            if (led.isEmpty()) {
                logKept(groupsLed());
                return 0;
            }
            LOG.info("This node stops: handing the leadership of {} over to other nodes",
                    String.join(", ", led.keySet()));
            if (!node.lookAtPrioritiesNow()) {
                return led.size();
            }
            Set<RaftGroupId> transferring = ConcurrentHashMap.newKeySet();
            Map<String, RaftServer.Division> still = led;
            long nextAsk = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ASK_MS);
            while (!still.isEmpty() && System.nanoTime() < deadline) {
                still.values().forEach(division -> transferOnceYielded(division, transferring));
                try {
                    Thread.sleep(LOOK_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (System.nanoTime() - nextAsk >= 0) {
                    askWhoIsStopping(asking, inFlight);
                    nextAsk = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ASK_MS);
                }
                still = groupsLedThatOthersCouldLead();
            }
            report(led, still, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return still.size();
        } finally {
            asking.shutdownNow();
        }
    }

    /**
     * Whether the node, stopping, gives up its place in the group: one it leads, or led when it began to stop, that
     * another member could lead. Where it follows, its place changes nothing for the group's clients, and where no
     * other member could take the group, giving it up would only have Ratis hand it to a node that stops too.
     */
    boolean givesUpPlaceIn(RaftServer.Division division) {
        if (!stopping) {
            return false;
        }
        RaftGroupId group = division.getGroup().getGroupId();
        return handedOver.contains(group)
                || division.getInfo().isLeader() && othersCouldLead(division) && handedOver.add(group);
    }

    /**
     * Says where the groups the node led that others could lead went: handed over, kept (their other members turned
     * out to be stopping too), or still led when the time ran out.
     */
    private static void report(Map<String, RaftServer.Division> led, Map<String, RaftServer.Division> still,
                               long tookMs) {
        List<String> handed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, RaftServer.Division> group : led.entrySet()) {
            if (!still.containsKey(group.getKey())) {
                (group.getValue().getInfo().isLeader() ? kept : handed).add(group.getKey());
            }
        }
        if (!handed.isEmpty()) {
            LOG.info("Handed the leadership of {} over to other nodes in {} ms", String.join(", ", handed), tookMs);
        }
        logKept(kept);
        if (!still.isEmpty()) {
            LOG.warn("This node still leads {} after {} ms: it stops all the same, and those groups elect a leader "
                    + "once their election timeout passes", String.join(", ", still.keySet()), tookMs);
        }
    }

    private static void logKept(List<String> kept) {
        if (!kept.isEmpty()) {
            LOG.info("This node keeps leading {} as it stops: the other members are stopping too, or do not answer",
                    String.join(", ", kept));
        }
    }

    /** The groups the node leads, by name. */
    private List<String> groupsLed() {
        List<String> led = new ArrayList<>();
        node.forEachGroup((name, division) -> {
            if (division.getInfo().isLeader()) {
                led.add(name);
            }
        });
        return led;
    }

    /**
     * Asks each other node not passed over yet, and not asked already, whether it is stopping, on a thread of
     * {@code asking}; the answer reaches {@link #stoppingMembers} when it comes. {@code inFlight} holds the nodes
     * asked and not answered yet.
     */
    private void askWhoIsStopping(ExecutorService asking, Set<Integer> inFlight) {
        for (int other : otherNodes) {
            if (!stoppingMembers.mayTakeOver(other) || !inFlight.add(other)) {
                continue;
            }
            try {
                asking.execute(() -> {
                    try {
                        stoppingMembers.answered(other, node.askWhetherStopping(other));
                    } catch (IOException e) {
                        stoppingMembers.silent(other);
                    } finally {
                        inFlight.remove(other);
                    }
                });
            } catch (RejectedExecutionException closed) {
                inFlight.remove(other);
                return;
            }
        }
    }

    /** Waits at most {@link #ASK_MS} for the nodes asked to answer; one that has not counts as serving. */
    private static void awaitAnswers(Set<Integer> inFlight) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ASK_MS);
        while (!inFlight.isEmpty() && System.nanoTime() < until) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The groups the node leads, by name, that another answering member, not stopping, could lead. */
    private Map<String, RaftServer.Division> groupsLedThatOthersCouldLead() {
        Map<String, RaftServer.Division> led = new LinkedHashMap<>();
        node.forEachGroup((name, division) -> {
            if (othersCouldLead(division)) {
                led.put(name, division);
            }
        });
        return led;
    }

    private boolean othersCouldLead(RaftServer.Division division) {
        if (division == null || !division.getInfo().isLeader()) {
            return false;
        }
        List<InSyncReplicas.Follower> followers = Followers.of(division);
        return followers != null && !successors(followers).isEmpty();
    }

    /**
     * The followers a group could be handed to: answering, not stopping ({@link StoppingMembers}) and not yielded for
     * another reason.
     */
    private List<InSyncReplicas.Follower> successors(List<InSyncReplicas.Follower> followers) {
        return followers.stream()
                .filter(follower -> follower.answering()
                        && follower.priority() > YieldedPriorities.YIELDED_PRIORITY
                        && stoppingMembers.mayTakeOver(follower.nodeId()))
                .toList();
    }

    /**
     * Once the node's lowered priority is in a group's configuration, asks Ratis to hand the group to the follower
     * of the highest priority, preferring one that holds the whole log: Ratis' leader would hand it over by itself,
     * but only when it next looks, up to an election timeout later. Asked once the configuration is committed (Ratis
     * refuses before); one request at a time per group, asked again at each look until one is taken.
     */
    private void transferOnceYielded(RaftServer.Division division, Set<RaftGroupId> transferring) {
        RaftGroupId group = division.getGroup().getGroupId();
        RaftPeer self = division.getRaftConf().getPeer(division.getId());
        List<InSyncReplicas.Follower> all = Followers.of(division);
        List<InSyncReplicas.Follower> followers = all == null ? null : successors(all);
        TermIndex last = division.getRaftLog().getLastEntryTermIndex();
        boolean committed = division.getRaftConf().getPreviousPeers().isEmpty()
                && division.getRaftConf().getLogEntryIndex() <= division.getRaftLog().getLastCommittedIndex();
        if (self == null || self.getPriority() != YieldedPriorities.YIELDED_PRIORITY || !committed
                || followers == null || last == null || transferring.contains(group)) {
            return;
        }
        OptionalInt holdingTheLog = NotReadyLeader.successor(self.getPriority(), last.getIndex(), followers);
        OptionalInt target = holdingTheLog.isPresent() ? holdingTheLog : followers.stream()
                .filter(InSyncReplicas.Follower::answering)
                .max(Comparator.comparingInt(InSyncReplicas.Follower::priority))
                .map(follower -> OptionalInt.of(follower.nodeId())).orElse(OptionalInt.empty());
        if (target.isEmpty()) {
            return;
        }
        transferring.add(group);
        try {
            node.transferLeadership(group, target.getAsInt()).whenComplete((reply, failure) -> {
                if (failure != null || !reply.isSuccess()) {
                    // refused (the configuration changed meanwhile, or the target was not elected): asked again at
                    // the next look
                    transferring.remove(group);
                }
            });
        } catch (IOException | RuntimeException e) {
            transferring.remove(group);
        }
    }
}
