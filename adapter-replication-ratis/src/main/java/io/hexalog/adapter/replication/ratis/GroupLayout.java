package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which Raft groups the cluster may run and which partition travels in which. There is one metadata group
 * (topics, committed offsets, producer ID blocks, the brokers) with every node as a member, and for each
 * replication factor {@code R} from 1 to the number of voters {@code N}, {@code N} shard groups: shard {@code i}
 * of factor {@code R} holds the {@code R} voters that follow one another from voter {@code i} on (in node ID
 * order, wrapping around), and prefers voter {@code i} as its leader, by Raft priority. A partition of a topic
 * of factor {@code R} travels in the shard of that factor its number picks, so that the leaders of a topic's
 * partitions are spread over the nodes and come back to their preferred node when it returns.
 *
 * <p>A fixed set of groups, rather than one group per partition, bounds the threads, timers and heartbeats the
 * cluster costs however many partitions it hosts; a node runs only the groups it is a member of, and only for
 * the factors its topics use. The layout depends only on the voters, so every node computes the same one.
 *
 * <p>The shards of factor {@code N} keep the names and group IDs of the first layout, in which every shard had
 * every node, so that a cluster started before replication factors were chosen per topic keeps its logs.
 */
final class GroupLayout {

    private static final int PREFERRED_PRIORITY = 2;
    /** Above 0, which a node takes while its store holds a command of the group ({@link YieldedPriorities}). */
    private static final int OTHER_PRIORITY = 1;

    /**
     * One shard group: its place among every shard of the layout, its name in the logs, its replication factor,
     * the Raft group, and the nodes holding it, the preferred leader first (Kafka's replica order).
     */
    record Shard(int index, String name, int replicationFactor, RaftGroup group, List<Integer> replicas) {

        boolean hasReplica(int nodeId) {
            return replicas.contains(nodeId);
        }

        int preferredLeader() {
            return replicas.get(0);
        }
    }

    private final List<QuorumVoter> voters;
    private final RaftGroup metadata;
    private final List<Shard> shards;

    GroupLayout(List<QuorumVoter> voters) {
        this.voters = voters.stream().sorted(Comparator.comparingInt(QuorumVoter::nodeId)).toList();
        this.metadata = RaftGroup.valueOf(groupId("metadata"), peers(0, this.voters.size(), -1));
        int count = this.voters.size();
        List<Shard> all = new ArrayList<>(count * count);
        for (int factor = 1; factor <= count; factor++) {
            for (int first = 0; first < count; first++) {
                String name = factor == count ? "shard-" + first : "shard-rf" + factor + "-" + first;
                List<Integer> replicas = new ArrayList<>(factor);
                for (int i = 0; i < factor; i++) {
                    replicas.add(this.voters.get((first + i) % count).nodeId());
                }
                all.add(new Shard(all.size(), name, factor,
                        RaftGroup.valueOf(groupId(name), peers(first, factor, first)), List.copyOf(replicas)));
            }
        }
        this.shards = List.copyOf(all);
    }

    RaftGroup metadata() {
        return metadata;
    }

    /** Every shard of every replication factor, by index. */
    List<Shard> shards() {
        return shards;
    }

    Shard shard(int index) {
        return shards.get(index);
    }

    /** The shard whose Raft group is {@code groupId}; empty for the metadata group or a group of no layout. */
    Optional<Shard> shardOf(RaftGroupId groupId) {
        return shards.stream().filter(shard -> shard.group().getGroupId().equals(groupId)).findFirst();
    }

    /** The shards of one replication factor. */
    List<Shard> shardsOf(int replicationFactor) {
        checkFactor(replicationFactor);
        int count = voters.size();
        return shards.subList((replicationFactor - 1) * count, replicationFactor * count);
    }

    /**
     * The shard a partition of a topic of this replication factor travels in: its number, offset by its topic,
     * modulo the number of voters, among the shards of that factor.
     */
    int shardOf(TopicIdPartition partition, int replicationFactor) {
        checkFactor(replicationFactor);
        int count = voters.size();
        return (replicationFactor - 1) * count
                + Math.floorMod(partition.topicId().uuid().hashCode() + partition.partition(), count);
    }

    List<QuorumVoter> voters() {
        return voters;
    }

    static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf("node-" + nodeId);
    }

    static int nodeId(RaftPeerId peerId) {
        return Integer.parseInt(peerId.toString().substring("node-".length()));
    }

    private void checkFactor(int replicationFactor) {
        if (replicationFactor < 1 || replicationFactor > voters.size()) {
            throw new IllegalArgumentException("A replication factor of " + replicationFactor + " does not fit "
                    + voters.size() + " voters");
        }
    }

    /**
     * The {@code count} voters from {@code first} on, listed in voter order (the order the first layout used);
     * the one at {@code preferred} (-1 for none) with the higher priority.
     */
    private List<RaftPeer> peers(int first, int count, int preferred) {
        List<RaftPeer> peers = new ArrayList<>(count);
        for (int i = 0; i < voters.size(); i++) {
            if (Math.floorMod(i - first, voters.size()) >= count) {
                continue;
            }
            QuorumVoter voter = voters.get(i);
            peers.add(RaftPeer.newBuilder()
                    .setId(peerId(voter.nodeId()))
                    .setAddress(voter.host() + ":" + voter.port())
                    .setPriority(i == preferred ? PREFERRED_PRIORITY : OTHER_PRIORITY)
                    .build());
        }
        return peers;
    }

    private RaftGroupId groupId(String name) {
        String voterList = voters.toString();
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("hexalog-" + name + "-" + voterList)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** The cluster's ID, the same on every node: derived from the voters, in Kafka's 22-character form. */
    String clusterId() {
        UUID uuid = UUID.nameUUIDFromBytes(("hexalog-cluster-" + voters).getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
