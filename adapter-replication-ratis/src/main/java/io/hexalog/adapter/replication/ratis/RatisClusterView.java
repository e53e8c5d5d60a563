package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.ratis.server.DivisionInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The cluster as this node sees it: the live brokers from the metadata log, and each partition's leader and
 * leader epoch from this node's member of the partition's shard group (the epoch is the group's Raft term, so
 * it only grows), or from the shard leader's announcement where this node holds no replica of the partition. A
 * leader is named only once it has applied everything committed before its term, and a follower stops naming a
 * leader it has not heard from for an election timeout; meanwhile the partition has no leader and clients retry.
 */
public final class RatisClusterView implements ClusterView {

    private final RatisNode node;
    private final Supplier<BrokerNode> self;
    private final LeaderlessShards leaderlessShards;

    /** @param self this broker as clients reach it, asked again on every call */
    public RatisClusterView(RatisNode node, Supplier<BrokerNode> self) {
        this(node, self, System::nanoTime);
    }

    /**
     * @param nanoClock the time in nanoseconds, by which a shard without a leader is said to be electing one for
     *                  three of the longest election timeouts: Ratis makes a follower stand within two of them of
     *                  its leader's last message, and a split vote takes another
     */
    RatisClusterView(RatisNode node, Supplier<BrokerNode> self, LongSupplier nanoClock) {
        this.node = node;
        this.self = self;
        this.leaderlessShards = new LeaderlessShards(node.electionTimeoutMax().multipliedBy(3), nanoClock);
    }

    @Override
    public String clusterId() {
        return node.clusterId();
    }

    @Override
    public BrokerNode localBroker() {
        return self.get();
    }

    /** The live brokers, less those this node has heard nothing from for an election timeout ({@link SilentPeers}). */
    @Override
    public List<BrokerNode> brokers() {
        Set<Integer> silent = node.silentPeers();
        List<BrokerNode> brokers = new ArrayList<>(node.membership().liveBrokers());
        brokers.removeIf(broker -> silent.contains(broker.nodeId()));
        BrokerNode local = self.get();
        if (brokers.stream().noneMatch(broker -> broker.nodeId() == local.nodeId())) {
            brokers.add(local);
        }
        return brokers;
    }

    /** The metadata group's ready leader, if it is a live broker; otherwise this node. */
    @Override
    public int controllerId() {
        int leader = readyLeader(node.metadataInfo());
        return leader != PartitionLeadership.NO_LEADER && node.membership().isLive(leader) ? leader : node.nodeId();
    }

    /** Groups are coordinated by the metadata leader, which applies their offsets first; none while there is none. */
    @Override
    public int groupCoordinatorId() {
        return readyLeader(node.metadataInfo());
    }

    /** The metadata group's current term: the coordinator is that group's leader, one per term. */
    @Override
    public int coordinatorEpoch() {
        DivisionInfo info = node.metadataInfo();
        return info == null ? 0 : (int) info.getCurrentTerm();
    }

    /**
     * The partition's leader and epoch from this node's member of the partition's shard; from the shard's last
     * announcement in the metadata log where this node is no member (while that leader is alive). A partition of
     * a topic this node has not learnt of yet is looked for where a topic of the default replication factor puts
     * it. The in-sync replicas are the live ones among those the shard's leader keeps in sync ({@link InSyncReplicas}),
     * and the leader; every live replica until a leader has announced them. A replica on a node that is not alive is
     * offline.
     */
    @Override
    public PartitionLeadership leadership(TopicIdPartition partition) {
        GroupLayout.Shard shard = node.layout().shard(node.likelyShardOf(partition));
        int index = shard.index();
        List<Integer> replicas = shard.replicas();
        int leader;
        int epoch;
        DivisionInfo info = node.shardInfo(index);
        if (info != null) {
            leader = readyLeader(info);
            epoch = (int) info.getCurrentTerm();
        } else {
            CommandCodec.ShardLeader announced = node.membership().shardLeader(shard.name());
            leader = announced != null && node.membership().isLive(announced.nodeId())
                    ? announced.nodeId() : PartitionLeadership.NO_LEADER;
            epoch = announced == null ? 0 : (int) announced.term();
        }
        Set<Integer> announcedInSync = node.inSyncReplicas(index);
        List<Integer> inSync = new ArrayList<>(replicas.size());
        List<Integer> offline = new ArrayList<>();
        for (int replica : replicas) {
            boolean live = replica == leader || node.membership().isLive(replica);
            if (!live) {
                offline.add(replica);
            }
            if (replica == leader || live && (announcedInSync == null || announcedInSync.contains(replica))) {
                inSync.add(replica);
            }
        }
        boolean electing = leaderlessShards.electing(shard.name(), leader != PartitionLeadership.NO_LEADER);
        return new PartitionLeadership(leader, epoch, replicas, inSync, offline, electing);
    }

    /**
     * Registered with this broker's endpoint as it is now and caught up to there, a controller known and a leader for
     * every shard this node is a member of.
     */
    @Override
    public Optional<String> whyNotJoined() {
        BrokerNode local = self.get();
        int shards = 0;
        int leaderless = 0;
        for (GroupLayout.Shard shard : node.layout().shards()) {
            DivisionInfo info = node.shardInfo(shard.index());
            if (info == null) {
                continue;
            }
            shards++;
            if (ReadyLeader.of(info, node.nodeId()) == PartitionLeadership.NO_LEADER) {
                leaderless++;
            }
        }
        return new JoinProgress(local.equals(node.membership().broker(local.nodeId())), node.caughtUp(),
                ReadyLeader.of(node.metadataInfo(), node.nodeId()) != PartitionLeadership.NO_LEADER, leaderless, shards,
                node.metadataCutOff(), node.stoppedGroups()).whyNotJoined();
    }

    /** Ready, and holding no request that came while it was not: those go first. */
    @Override
    public boolean leads(TopicIdPartition partition) {
        int shard = node.likelyShardOf(partition);
        DivisionInfo info = node.shardInfo(shard);
        return info != null && info.isLeader() && info.isLeaderReady() && !node.holdsRequestsFor(shard);
    }

    /** Elected the shard's leader, this node holds the request until it is ready (see {@link BecomingLeader}). */
    @Override
    public CompletableFuture<Boolean> whenLeads(TopicIdPartition partition) {
        return node.whenShardLeaderReady(node.likelyShardOf(partition));
    }

    @Override
    public boolean hasMetadataQuorum() {
        return true;
    }

    /** The metadata group's members as its leader sees them, asked of the leader where this node does not lead it. */
    @Override
    public CompletableFuture<MetadataQuorum> metadataQuorum() {
        return node.metadataQuorum();
    }

    /** The group's leader as this node names it to clients (see {@link ReadyLeader}). */
    private int readyLeader(DivisionInfo info) {
        return ReadyLeader.namedToClients(info, node.nodeId(), node.electionTimeoutMin());
    }
}
