package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.RequestTimedOutException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Elects a partition's preferred leader by moving the leadership of the partition's shard group to the shard's
 * preferred node, so every partition of the shard moves with it (they all have that node first among their
 * replicas). Ratis gives a returning preferred node its shards back by itself once it has caught up; this moves
 * them when asked, and answers once this node sees the move. Elections of partitions of one shard share one
 * transfer.
 */
public final class RatisLeaderElections implements LeaderElections {

    /** How often the wait for this node to see the new leader looks again: it learns it within a heartbeat. */
    private static final long SEEN_CHECK_MS = 20;
    private static final long IDLE_THREAD_SECONDS = 30;

    private final RatisNode node;
    private final ClusterView view;
    private final Map<Integer, CompletableFuture<Void>> elections = new HashMap<>();
    /** A transfer blocks on a Raft client; they are rare, and at most one per shard runs at a time. */
    private final ThreadPoolExecutor transfers;

    /** @param view this node's view of the cluster, which names the preferred leader before an election ends */
    public RatisLeaderElections(RatisNode node, ClusterView view) {
        this.node = node;
        this.view = view;
        int shards = node.layout().shards().size();
        this.transfers = new ThreadPoolExecutor(shards, shards, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "hexalog-leader-election");
                    thread.setDaemon(true);
                    return thread;
                });
        this.transfers.allowCoreThreadTimeOut(true);
    }

    @Override
    public synchronized CompletableFuture<Void> electPreferredLeader(TopicIdPartition partition, Duration timeout) {
        int shard = node.shardOf(partition);
        if (shard < 0) {
            return CompletableFuture.failedFuture(new NotLeaderOrFollowerException("Node " + node.nodeId()
                    + " does not know partition " + partition + " yet"));
        }
        CompletableFuture<Void> running = elections.get(shard);
        if (running != null) {
            return running;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Void> election = CompletableFuture.runAsync(() -> {
            node.transferToPreferred(shard, timeout);
            awaitSeen(partition, deadline);
        }, transfers);
        elections.put(shard, election);
        election.whenComplete((done, failure) -> forget(shard, election));
        return election;
    }

    private synchronized void forget(int shard, CompletableFuture<Void> election) {
        elections.remove(shard, election);
    }

    /**
     * The old leader knows the new one when the transfer ends; this node may learn it a heartbeat later, and the
     * new leader names itself only once it has applied everything committed before its term. Every partition of
     * the shard has the same leader, so seeing one moved is seeing them all moved.
     */
    private void awaitSeen(TopicIdPartition partition, long deadline) {
        while (!ledByPreferredReplica(partition)) {
            if (System.nanoTime() - deadline > 0) {
                throw new RequestTimedOutException("The leadership of " + partition + " moved, but node "
                        + node.nodeId() + " did not see its preferred replica lead it in time");
            }
            try {
                Thread.sleep(SEEN_CHECK_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RequestTimedOutException("Stopped waiting to see the leadership of " + partition + " move");
            }
        }
    }

    private boolean ledByPreferredReplica(TopicIdPartition partition) {
        PartitionLeadership leadership = view.leadership(partition);
        return !leadership.replicas().isEmpty() && leadership.leaderId() == leadership.replicas().get(0);
    }
}
