package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.BrokerNode;
import org.apache.ratis.server.DivisionInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Settings of a cluster of one node on loopback, electing itself quickly, for tests of the adapter. */
final class OneNodeCluster {

    static final BrokerNode BROKER = new BrokerNode(1, "127.0.0.1", 9092);

    private OneNodeCluster() {
    }

    static ClusterSettings settings(Path dataDir) {
        return new ClusterSettings(1, List.of(new QuorumVoter(1, "127.0.0.1", FixedPorts.free())), dataDir.resolve("raft"),
                1 << 20, Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofSeconds(10), () -> BROKER);
    }

    /**
     * Waits, at most 30 s, until the node leads every shard it holds and has applied all its predecessors
     * committed.
     */
    static void awaitLeadingEveryShard(RatisNode node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int shard = 0; shard < node.layout().shards().size(); shard++) {
            if (node.shardInfo(shard) == null) {
                continue;
            }
            while (!leadsReady(node.shardInfo(shard))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Node " + node.nodeId() + " does not lead shard " + shard);
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean leadsReady(DivisionInfo shard) {
        return shard != null && shard.isLeader() && shard.isLeaderReady();
    }

}
