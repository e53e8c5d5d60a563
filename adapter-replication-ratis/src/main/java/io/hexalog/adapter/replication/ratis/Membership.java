package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.BrokerNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The brokers of the cluster as the metadata log tells them: the Kafka endpoint each registered, and which of
 * them the metadata leader last saw alive. Every node applies the same entries, so every node answers alike.
 */
final class Membership {

    private final Map<Integer, BrokerNode> registered = new ConcurrentHashMap<>();
    private volatile Set<Integer> live = Set.of();
    private volatile boolean liveKnown;

    void register(BrokerNode broker) {
        registered.put(broker.nodeId(), broker);
    }

    void live(Set<Integer> nodeIds) {
        live = Set.copyOf(nodeIds);
        liveKnown = true;
    }

    /** Whether a broker is alive: until the leader has said who is, every registered broker counts as alive. */
    boolean isLive(int nodeId) {
        return registered.containsKey(nodeId) && (!liveKnown || live.contains(nodeId));
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
     * The entries that rebuild this membership when applied to an empty one: each registered broker, then the
     * live set if the leader has told it.
     */
    List<CommandCodec.ClusterEntry> entries() {
        List<CommandCodec.ClusterEntry> entries = new java.util.ArrayList<>();
        new TreeMap<>(registered).values().forEach(broker -> entries.add(new CommandCodec.RegisterBroker(broker)));
        if (liveKnown) {
            entries.add(new CommandCodec.LiveBrokers(live));
        }
        return entries;
    }
}
