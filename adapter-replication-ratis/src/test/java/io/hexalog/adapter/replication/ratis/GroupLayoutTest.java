package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class GroupLayoutTest {

    private final List<QuorumVoter> voters = QuorumVoter.parseAll("1@h:9001,2@h:9002,3@h:9003");
    private final GroupLayout layout = new GroupLayout(voters);

    @Test
    void shouldSpreadATopicsPartitionsEvenlyOverTheShards() {
        Topic topic = Topic.create(TopicName.of("orders"), 6);

        Map<Integer, Long> perShard = topic.partitions().stream()
                .collect(Collectors.groupingBy(layout::shardOf, Collectors.counting()));

        assertThat(perShard).containsOnly(Map.entry(0, 2L), Map.entry(1, 2L), Map.entry(2, 2L));
    }

    @Test
    void shouldPreferADifferentLeaderForEachShard() {
        assertThat(List.of(layout.replicas(0).get(0), layout.replicas(1).get(0), layout.replicas(2).get(0)))
                .containsExactly(1, 2, 3);
        assertThat(layout.replicas(1)).containsExactly(2, 3, 1);
    }

    @Test
    void shouldGiveEveryNodeTheSameGroupsAndClusterId() {
        GroupLayout elsewhere = new GroupLayout(List.of(voters.get(2), voters.get(0), voters.get(1)));

        assertThat(elsewhere.all()).isEqualTo(layout.all());
        assertThat(elsewhere.clusterId()).isEqualTo(layout.clusterId()).hasSize(22);
    }
}
