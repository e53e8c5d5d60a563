package io.hexalog.domain.topic;

import io.hexalog.domain.error.InvalidPartitionsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void shouldRejectPartitionCountBelowOne(int partitions) {
        assertThatThrownBy(() -> Topic.create(TopicName.of("orders"), partitions))
                .isInstanceOf(InvalidPartitionsException.class);
    }

    @Test
    void shouldListItsPartitionsUnderItsId() {
        Topic topic = Topic.create(TopicName.of("orders"), 3);

        assertThat(topic.partitions()).extracting(TopicIdPartition::partition).containsExactly(0, 1, 2);
        assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.topicId()).isEqualTo(topic.id()));
        assertThat(topic.hasPartition(2)).isTrue();
        assertThat(topic.hasPartition(3)).isFalse();
        assertThat(topic.hasPartition(-1)).isFalse();
    }

    @Test
    void shouldGiveEachIncarnationANewId() {
        TopicName name = TopicName.of("orders");

        assertThat(Topic.create(name, 1).id()).isNotEqualTo(Topic.create(name, 1).id());
    }
}
