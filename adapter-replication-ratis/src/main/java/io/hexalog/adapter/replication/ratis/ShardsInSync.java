package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The in-sync replicas of every shard's partitions, as this node answers them: its own look where it leads the shard
 * ({@link InSyncReplicas}), the leader's last announcement in the metadata log elsewhere, so that every node lists
 * the same set in Metadata.
 *
 * <p>Looked at every half second by one thread ({@link #look}); {@link #of} may be asked by any.
 */
final class ShardsInSync {

    private static final Logger LOG = LoggerFactory.getLogger(ShardsInSync.class);

    private final GroupLayout layout;
    private final int nodeId;
    private final Duration lagMax;
    /** This node's member of a shard, by the shard's index; null where it has not joined it. */
    private final IntFunction<RaftServer.Division> divisions;
    /** What the metadata log says, the announcements among it. */
    private final Membership membership;
    /** Submits an announcement to the metadata log. */
    private final Function<byte[], CompletableFuture<RaftClientReply>> announce;
    /** The in-sync replicas of each shard this node leads, by the shard's index. */
    private final Map<Integer, InSyncReplicas> led = new ConcurrentHashMap<>();
    /** Shards whose in-sync replicas this node is announcing now. */
    private final Set<String> announcing = ConcurrentHashMap.newKeySet();

    ShardsInSync(GroupLayout layout, int nodeId, Duration lagMax, IntFunction<RaftServer.Division> divisions,
                 Membership membership, Function<byte[], CompletableFuture<RaftClientReply>> announce) {
        this.layout = layout;
        this.nodeId = nodeId;
        this.lagMax = lagMax;
        this.divisions = divisions;
        this.membership = membership;
        this.announce = announce;
    }

    /**
     * On the leader of each shard: which followers hold its log as far as it committed it lately, announced in the
     * metadata log when that changed, or the leader did. One announcement per shard is on its way at a time.
     */
    void look() {
        for (GroupLayout.Shard shard : layout.shards()) {
            try {
                RaftServer.Division division = divisions.apply(shard.index());
                DivisionInfo info = division == null ? null : division.getInfo();
                if (info == null || !info.isLeader() || !info.isLeaderReady()) {
                    led.remove(shard.index());
                    continue;
                }
                long term = info.getCurrentTerm();
                InSyncReplicas replicas = led.compute(shard.index(), (index, known) ->
                        known != null && known.term() == term ? known : start(shard, term));
                List<InSyncReplicas.Follower> followers = Followers.of(division);
                if (followers == null) {
                    continue;
                }
                Set<Integer> now = replicas.look(System.nanoTime(), division.getRaftLog().getLastCommittedIndex(),
                        followers);
                CommandCodec.ShardInSync announced = membership.shardInSync(shard.name());
                CommandCodec.ShardInSync self = new CommandCodec.ShardInSync(shard.name(), term, now);
                if (!self.equals(announced) && announcing.add(shard.name())) {
                    announce.apply(CommandCodec.encode(self))
                            .whenComplete((reply, failure) -> announcing.remove(shard.name()));
                }
            } catch (RuntimeException e) {
                LOG.warn("Looking at the in-sync replicas of the {} group failed: {}", shard.name(), e.toString());
            }
        }
    }

    /** A new leader's in-sync replicas: those its predecessor announced, or every member where none did. */
    private InSyncReplicas start(GroupLayout.Shard shard, long term) {
        CommandCodec.ShardInSync announced = membership.shardInSync(shard.name());
        return new InSyncReplicas(shard.name(), nodeId, term,
                announced != null ? announced.nodeIds() : shard.replicas(), lagMax, System.nanoTime());
    }

    /**
     * The in-sync replicas of a shard's partitions: this node's own look where it leads the shard in the term it
     * looked in, the leader's last announcement elsewhere; null where nothing was announced yet.
     */
    Set<Integer> of(int shard) {
        InSyncReplicas own = led.get(shard);
        RaftServer.Division division = shard < 0 ? null : divisions.apply(shard);
        DivisionInfo info = division == null ? null : division.getInfo();
        if (own != null && info != null && info.isLeader() && info.getCurrentTerm() == own.term()) {
            return own.current();
        }
        CommandCodec.ShardInSync announced = membership.shardInSync(layout.shard(shard).name());
        return announced == null ? null : announced.nodeIds();
    }
}
