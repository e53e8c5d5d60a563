package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupLayoutTest {

    private final List<QuorumVoter> voters = QuorumVoter.parseAll("1@h:9001,2@h:9002,3@h:9003");
    private final GroupLayout layout = new GroupLayout(voters);

    @Test
    void shouldSpreadATopicsPartitionsEvenlyOverTheShardsOfItsReplicationFactor() {
        for (int factor = 1; factor <= 3; factor++) {
            Topic topic = Topic.create(TopicName.of("orders"), 6, factor);
            int replicas = factor;

            Map<Integer, Long> perPreferredLeader = topic.partitions().stream()
                    .map(partition -> layout.shard(layout.shardOf(partition, replicas)))
                    .peek(shard -> assertThat(shard.replicationFactor()).isEqualTo(replicas))
                    .collect(Collectors.groupingBy(GroupLayout.Shard::preferredLeader, Collectors.counting()));

            assertThat(perPreferredLeader).as("partitions per preferred leader, replication factor %d", factor)
                    .containsOnly(Map.entry(1, 2L), Map.entry(2, 2L), Map.entry(3, 2L));
        }
    }

    @Test
    void shouldHoldEachShardOnAsManyConsecutiveVotersAsItsFactorPreferringADifferentLeaderEach() {
        assertThat(layout.shardsOf(3).stream().map(GroupLayout.Shard::replicas))
                .containsExactly(List.of(1, 2, 3), List.of(2, 3, 1), List.of(3, 1, 2));
        assertThat(layout.shardsOf(2).stream().map(GroupLayout.Shard::replicas))
                .containsExactly(List.of(1, 2), List.of(2, 3), List.of(3, 1));
        assertThat(layout.shardsOf(1).stream().map(GroupLayout.Shard::replicas))
                .containsExactly(List.of(1), List.of(2), List.of(3));
        for (GroupLayout.Shard shard : layout.shards()) {
            assertThat(shard.group().getPeers().stream().map(peer -> GroupLayout.nodeId(peer.getId())))
                    .as("Raft peers of %s", shard.name()).containsExactlyInAnyOrderElementsOf(shard.replicas());
            RaftPeer preferred = shard.group().getPeer(GroupLayout.peerId(shard.preferredLeader()));
            assertThat(shard.group().getPeers()).as("the highest priority of %s", shard.name())
                    .allMatch(peer -> peer == preferred || peer.getPriority() < preferred.getPriority());
        }
    }

    @Test
    void shouldFindAShardByItsGroupButNotTheMetadataGroup() {
        for (GroupLayout.Shard shard : layout.shards()) {
            assertThat(layout.shardOf(shard.group().getGroupId())).contains(shard);
        }
        assertThat(layout.shardOf(layout.metadata().getGroupId())).isEmpty();
    }

    @Test
    void shouldKeepTheGroupsOfTheLayoutWhereEveryShardHadEveryVoterForTheFullFactor() {
        GroupLayout.Shard second = layout.shardsOf(3).get(1);

        assertThat(second.name()).isEqualTo("shard-1");
        assertThat(second.group().getGroupId().getUuid()).isEqualTo(UUID.nameUUIDFromBytes(
                ("hexalog-shard-1-" + voters).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(layout.shardsOf(2).get(1).name()).isEqualTo("shard-rf2-1");
    }

    @Test
    void shouldPlaceTheShardsOfFiveVotersOnThreeNodesEachAndGiveEveryNodeOneLeaderPerFactor() {
        GroupLayout five = new GroupLayout(QuorumVoter.parseAll("1@h:1,2@h:2,3@h:3,4@h:4,5@h:5"));

        Map<Integer, Long> shardsPerNode = five.shardsOf(3).stream().flatMap(shard -> shard.replicas().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(five.shardsOf(3)).allMatch(shard -> shard.replicas().size() == 3);
        assertThat(shardsPerNode).containsOnly(Map.entry(1, 3L), Map.entry(2, 3L), Map.entry(3, 3L),
                Map.entry(4, 3L), Map.entry(5, 3L));
        assertThat(five.shardsOf(3).stream().map(GroupLayout.Shard::preferredLeader)).containsExactly(1, 2, 3, 4, 5);
        assertThat(five.metadata().getPeers()).hasSize(5);
    }

    @Test
    void shouldRefuseAReplicationFactorAboveTheNumberOfVoters() {
        Topic topic = Topic.create(TopicName.of("orders"), 1, 4);

        assertThatThrownBy(() -> layout.shardOf(topic.partition(0), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 voters");
    }

    @Test
    void shouldGiveEveryNodeTheSameGroupsAndClusterId() {
        GroupLayout elsewhere = new GroupLayout(List.of(voters.get(2), voters.get(0), voters.get(1)));

        assertThat(elsewhere.shards()).isEqualTo(layout.shards());
        assertThat(elsewhere.metadata()).isEqualTo(layout.metadata());
        assertThat(elsewhere.clusterId()).isEqualTo(layout.clusterId()).hasSize(22);
    }
}
