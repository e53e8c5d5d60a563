package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * The Raft groups a node is a member of, and where each partition travels. At its start the node joins the metadata
 * group and the shards of the default replication factor that hold it, and takes up every group a restart found in
 * its storage; the shards of another replication factor are joined when the first topic of that factor is applied,
 * on a thread of their own rather than Ratis' applying thread (a join waits for the group's server). A topic's
 * partitions travel in the shards of its replication factor ({@link GroupLayout#shardOf(TopicIdPartition, int)}).
 */
final class GroupJoins implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupJoins.class);

    private final GroupLayout layout;
    private final int nodeId;
    private final int defaultReplicationFactor;
    private final ClientId client;
    private final LongSupplier callIds;
    /** This node's member of each shard, by the shard's index in the layout; null where it is none. */
    private final AtomicReferenceArray<RaftServer.Division> shards;
    /** The replication factor of every topic the metadata log created, by topic ID. */
    private final Map<TopicId, Integer> replicationFactors = new ConcurrentHashMap<>();
    /** The replication factors whose shards this node joined or is joining. */
    private final Set<Integer> joinedFactors = ConcurrentHashMap.newKeySet();
    private final CountDownLatch started = new CountDownLatch(1);
    private final ExecutorService joins = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hexalog-cluster-group-joins");
        thread.setDaemon(true);
        return thread;
    });
    private volatile RaftServer server;

    /**
     * @param client  the client ID of the node's own requests, which group additions are sent as
     * @param callIds the node's call IDs, shared by all its requests
     */
    GroupJoins(GroupLayout layout, int nodeId, int defaultReplicationFactor, ClientId client, LongSupplier callIds) {
        this.layout = layout;
        this.nodeId = nodeId;
        this.defaultReplicationFactor = defaultReplicationFactor;
        this.client = client;
        this.callIds = callIds;
        this.shards = new AtomicReferenceArray<>(layout.shards().size());
    }

    /**
     * Joins the metadata group and the shards of the default replication factor that hold this node, and takes up
     * every group a restarted node found in its storage (shards of other factors it joined before among them).
     *
     * @return this node's member of the metadata group
     */
    RaftServer.Division joinAtStart(RaftServer raftServer) {
        this.server = raftServer;
        List<RaftGroup> wanted = new ArrayList<>();
        wanted.add(layout.metadata());
        wanted.addAll(shardsHoldingThisNode(defaultReplicationFactor));
        joinedFactors.add(defaultReplicationFactor);
        try {
            join(wanted);
            RaftServer.Division metadata = raftServer.getDivision(layout.metadata().getGroupId());
            for (RaftGroupId held : raftServer.getGroupIds()) {
                layout.shardOf(held).ifPresent(shard -> joinedFactors.add(shard.replicationFactor()));
            }
            takeUpDivisions();
            started.countDown();
            return metadata;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A topic's creation or change was applied: its partitions travel in the shards of its replication factor,
     * which this node joins (off Ratis' applying thread) if it holds some and has not joined them yet.
     */
    void placed(Topic topic) {
        int factor = topic.replicationFactor();
        if (factor > layout.voters().size()) {
            LOG.error("Topic {} has {} replicas, more than the {} voters: its partitions cannot be placed",
                    topic.name(), factor, layout.voters().size());
            return;
        }
        replicationFactors.put(topic.id(), factor);
        if (joinedFactors.add(factor)) {
            try {
                joins.execute(() -> joinFactor(factor));
            } catch (RejectedExecutionException closing) {
                joinedFactors.remove(factor);
            }
        }
    }

    /**
     * The index of the shard a partition travels in, or -1 while the metadata log has not told this node of its
     * topic.
     */
    int shardOf(TopicIdPartition partition) {
        Integer factor = replicationFactors.get(partition.topicId());
        return factor == null ? -1 : layout.shardOf(partition, factor);
    }

    /**
     * The shard a partition travels in, or would travel in if its topic were created now, with the default
     * replication factor, while this node has not learnt of its topic: where to look for its leader.
     */
    int likelyShardOf(TopicIdPartition partition) {
        int known = shardOf(partition);
        return known >= 0 ? known : layout.shardOf(partition, defaultReplicationFactor);
    }

    /** This node's member of the shard of index {@code shard}, or null where it holds none (yet). */
    RaftServer.Division shard(int shard) {
        return shards.get(shard);
    }

    private void joinFactor(int factor) {
        try {
            started.await();
            join(shardsHoldingThisNode(factor));
            takeUpDivisions();
            LOG.info("Node {} joined the shard groups of replication factor {}", nodeId, factor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            joinedFactors.remove(factor);
            LOG.error("Node {} could not join the shard groups of replication factor {}: {}", nodeId, factor,
                    RatisNode.rootMessage(e));
        }
    }

    private List<RaftGroup> shardsHoldingThisNode(int replicationFactor) {
        return layout.shardsOf(replicationFactor).stream().filter(shard -> shard.hasReplica(nodeId))
                .map(GroupLayout.Shard::group).toList();
    }

    /** Adds the groups this node does not hold yet. */
    private void join(List<RaftGroup> groups) throws IOException {
        Set<RaftGroupId> held = new HashSet<>();
        server.getGroupIds().forEach(held::add);
        for (RaftGroup group : groups) {
            if (held.contains(group.getGroupId())) {
                continue;
            }
            RaftClientReply reply = server.groupManagement(GroupManagementRequest.newAdd(client, server.getId(),
                    callIds.getAsLong(), group));
            if (!reply.isSuccess()) {
                throw new IllegalStateException("Joining Raft group " + group.getGroupId() + " failed: "
                        + reply.getException());
            }
        }
    }

    /** Notes this node's member of every shard it holds now. */
    private void takeUpDivisions() throws IOException {
        Set<RaftGroupId> held = new HashSet<>();
        server.getGroupIds().forEach(held::add);
        for (GroupLayout.Shard shard : layout.shards()) {
            if (shards.get(shard.index()) == null && held.contains(shard.group().getGroupId())) {
                shards.set(shard.index(), server.getDivision(shard.group().getGroupId()));
            }
        }
    }

    @Override
    public void close() {
        joins.shutdownNow();
    }
}
