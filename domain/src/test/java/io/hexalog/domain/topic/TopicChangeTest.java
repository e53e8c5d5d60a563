package io.hexalog.domain.topic;

import io.hexalog.domain.error.InvalidPartitionsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Growing a topic, changing its configs and the internal topic names. */
class TopicChangeTest {

    private final Topic topic = new Topic(TopicName.of("orders"), TopicId.random(), 3, Map.of("retention.ms", "1"));

    @Test
    void shouldGrowKeepingIdentityAndConfigs() {
        Topic grown = topic.withPartitionCount(5);

        assertThat(grown.partitionCount()).isEqualTo(5);
        assertThat(grown.id()).isEqualTo(topic.id());
        assertThat(grown.configs()).isEqualTo(topic.configs());
        assertThat(grown.partitions()).startsWith(topic.partitions().toArray(TopicIdPartition[]::new));
    }

    @Test
    void shouldRefuseTheSameCount() {
        assertThatThrownBy(() -> topic.withPartitionCount(3))
                .isInstanceOf(InvalidPartitionsException.class)
                .hasMessage("Topic already has 3 partitions.");
    }

    @Test
    void shouldRefuseToShrink() {
        assertThatThrownBy(() -> topic.withPartitionCount(2))
                .isInstanceOf(InvalidPartitionsException.class)
                .hasMessage("Topic currently has 3 partitions, which is higher than the requested 2.");
    }

    @Test
    void shouldReplaceConfigs() {
        assertThat(topic.withConfigs(Map.of("retention.bytes", "5")).configs())
                .containsOnly(Map.entry("retention.bytes", "5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"__consumer_offsets", "__transaction_state", "__cluster_metadata"})
    void shouldKnowTheInternalTopicNames(String name) {
        assertThat(TopicName.of(name).isInternal()).isTrue();
    }

    @Test
    void shouldTreatOtherNamesAsOrdinary() {
        assertThat(TopicName.of("_consumer_offsets").isInternal()).isFalse();
        assertThat(TopicName.of("orders").isInternal()).isFalse();
    }
}
