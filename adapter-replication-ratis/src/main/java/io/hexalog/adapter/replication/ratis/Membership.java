package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.BrokerNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The brokers of the cluster as the metadata log tells them: the Kafka endpoint each registered, which of them
 * the metadata leader last saw alive, which node leads each shard group and which of its members are in sync, as its
 * leader announced, and which nodes said their data volume is below its reserve. Every node applies the same
 * entries, so every node answers alike; a node that does not lead a shard learns its in-sync replicas only from
 * here, and a node that is not a member of it its leader too.
 */
final class Membership {

    private final Map<Integer, BrokerNode> registered = new ConcurrentHashMap<>();
    private final Map<String, CommandCodec.ShardLeader> shardLeaders = new ConcurrentHashMap<>();
    /** Each shard's in-sync replicas, as its leader last announced them. */
    private final Map<String, CommandCodec.ShardInSync> shardsInSync = new ConcurrentHashMap<>();
    /** The nodes whose data volume is below its reserve, as each last told. */
    private final Map<Integer, CommandCodec.StorageRoom> lowOnStorage = new ConcurrentHashMap<>();
    private volatile Set<Integer> live = Set.of();
    private volatile boolean liveKnown;

    void register(BrokerNode broker) {
        registered.put(broker.nodeId(), broker);
    }

    /**
     * Records the brokers the metadata leader hears from; returns whether they differ from those it told before. The
     * leader may put the same set in the log more than once, when it looks again before its last entry was applied.
     */
    boolean live(Set<Integer> nodeIds) {
        Set<Integer> told = Set.copyOf(nodeIds);
        boolean changed = !liveKnown || !told.equals(live);
        live = told;
        liveKnown = true;
        return changed;
    }

    /** Whether a broker is alive: until the leader has said who is, every registered broker counts as alive. */
    boolean isLive(int nodeId) {
        return registered.containsKey(nodeId) && (!liveKnown || live.contains(nodeId));
    }

    /** Records a shard's leader, unless a leader of a later term is known already. */
    void shardLeader(CommandCodec.ShardLeader leader) {
        shardLeaders.merge(leader.shard(), leader, (known, announced) -> announced.term() >= known.term()
                ? announced : known);
    }

    /** The last leader a shard announced, if any. */
    CommandCodec.ShardLeader shardLeader(String shard) {
        return shardLeaders.get(shard);
    }

    /** Records a shard's in-sync replicas, unless a leader of a later term announced them already. */
    void shardInSync(CommandCodec.ShardInSync inSync) {
        shardsInSync.merge(inSync.shard(), inSync, (known, announced) -> announced.term() >= known.term()
                ? announced : known);
    }

    /** The in-sync replicas a shard's leader last announced; null if none did. */
    CommandCodec.ShardInSync shardInSync(String shard) {
        return shardsInSync.get(shard);
    }

    /** Records what a node told of its data volume's room. */
    void storageRoom(CommandCodec.StorageRoom room) {
        if (room.low()) {
            lowOnStorage.put(room.nodeId(), room);
        } else {
            lowOnStorage.remove(room.nodeId());
        }
    }

    /** What a node whose data volume is below its reserve last told of it; null if it is not low. */
    CommandCodec.StorageRoom lowOnStorage(int nodeId) {
        return lowOnStorage.get(nodeId);
    }

    Set<Integer> liveSet() {
        return live;
    }

    boolean isRegistered(int nodeId) {
        return registered.containsKey(nodeId);
    }

    /** The live brokers, by node ID. */
    List<BrokerNode> liveBrokers() {
        return new TreeMap<>(registered).values().stream().filter(broker -> isLive(broker.nodeId())).toList();
    }

    BrokerNode broker(int nodeId) {
        return registered.get(nodeId);
    }

    /**
     * The entries that rebuild this membership when applied to an empty one: each registered broker, the live set
     * if the leader has told it, each shard's last announced leader, each node low on storage, then each shard's last
     * announced in-sync replicas.
     */
    List<CommandCodec.ClusterEntry> entries() {
        List<CommandCodec.ClusterEntry> entries = new java.util.ArrayList<>();
        new TreeMap<>(registered).values().forEach(broker -> entries.add(new CommandCodec.RegisterBroker(broker)));
        if (liveKnown) {
            entries.add(new CommandCodec.LiveBrokers(live));
        }
        new TreeMap<>(shardLeaders).values().forEach(entries::add);
        new TreeMap<>(lowOnStorage).values().forEach(entries::add);
        new TreeMap<>(shardsInSync).values().forEach(entries::add);
        return entries;
    }
}
