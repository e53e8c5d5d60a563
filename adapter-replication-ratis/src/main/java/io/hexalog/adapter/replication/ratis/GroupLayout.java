package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.topic.TopicIdPartition;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Which Raft groups the cluster runs and which partition travels in which. There is one metadata group (topics,
 * committed offsets, producer ID blocks, the brokers) and one shard group per node; every group has every node
 * as a member. Shard {@code i} prefers node {@code i} (in the order of the voters) as its leader, by Raft
 * priority, and a partition travels in the shard its number picks, so that the leaders of a topic's partitions
 * are spread over the nodes and come back to their preferred node when it returns.
 *
 * <p>A fixed set of groups, rather than one group per partition, bounds the threads, timers and heartbeats the
 * cluster costs however many partitions it hosts. The layout depends only on the voters, so every node computes
 * the same one.
 */
final class GroupLayout {

    private static final int PREFERRED_PRIORITY = 1;
    private static final int OTHER_PRIORITY = 0;

    private final List<QuorumVoter> voters;
    private final RaftGroup metadata;
    private final List<RaftGroup> shards;

    GroupLayout(List<QuorumVoter> voters) {
        this.voters = voters.stream().sorted(Comparator.comparingInt(QuorumVoter::nodeId)).toList();
        this.metadata = RaftGroup.valueOf(groupId("metadata"), peers(-1));
        List<RaftGroup> groups = new ArrayList<>(this.voters.size());
        for (int shard = 0; shard < this.voters.size(); shard++) {
            groups.add(RaftGroup.valueOf(groupId("shard-" + shard), peers(shard)));
        }
        this.shards = List.copyOf(groups);
    }

    RaftGroup metadata() {
        return metadata;
    }

    List<RaftGroup> shards() {
        return shards;
    }

    List<RaftGroup> all() {
        List<RaftGroup> all = new ArrayList<>(shards.size() + 1);
        all.add(metadata);
        all.addAll(shards);
        return all;
    }

    /** The shard a partition's records travel in: its number, offset by its topic, modulo the shard count. */
    int shardOf(TopicIdPartition partition) {
        return Math.floorMod(partition.topicId().uuid().hashCode() + partition.partition(), shards.size());
    }

    RaftGroup groupOf(TopicIdPartition partition) {
        return shards.get(shardOf(partition));
    }

    /** The nodes holding a shard, its preferred leader first (Kafka's replica order). */
    List<Integer> replicas(int shard) {
        List<Integer> replicas = new ArrayList<>(voters.size());
        for (int i = 0; i < voters.size(); i++) {
            replicas.add(voters.get((shard + i) % voters.size()).nodeId());
        }
        return replicas;
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

    private List<RaftPeer> peers(int preferredIndex) {
        List<RaftPeer> peers = new ArrayList<>(voters.size());
        for (int i = 0; i < voters.size(); i++) {
            QuorumVoter voter = voters.get(i);
            peers.add(RaftPeer.newBuilder()
                    .setId(peerId(voter.nodeId()))
                    .setAddress(voter.host() + ":" + voter.port())
                    .setPriority(i == preferredIndex ? PREFERRED_PRIORITY : OTHER_PRIORITY)
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
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
