package io.hexalog.application.service;

import io.hexalog.application.port.in.AlterTopicConfigsCommand;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.domain.config.AlterConfigOp.OpType;
import io.hexalog.domain.config.AlterConfigOp;
import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.RecordTooLargeException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static io.hexalog.application.service.Failures.failureOf;
import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic configs: set at creation, altered, and obeyed by the next append. */
class TopicConfigsTest {

    private static final TopicName ORDERS = TopicName.of("orders");

    private final CoreOnFakes broker = new CoreOnFakes();

    @Test
    void shouldCreateATopicWithItsConfigsInCanonicalForm() {
        Topic topic = broker.createTopic("orders", 1, Map.of("retention.ms", "060000", "max.message.bytes", "2048"));

        assertThat(topic.configs()).containsOnly(Map.entry("retention.ms", "60000"), Map.entry("max.message.bytes", "2048"));
        assertThat(broker.topics.findTopic(ORDERS).orElseThrow().configs()).isEqualTo(topic.configs());
    }

    @Test
    void shouldRefuseToCreateATopicWithAnUnknownConfig() {
        assertThatThrownBy(() -> broker.createTopic("orders", 1, Map.of("retention.ms", "1", "colour", "blue")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Unknown topic config name: colour");
        assertThat(broker.topics.listTopics()).isEmpty();
    }

    @Test
    void shouldCreateACompactedTopic() {
        broker.createTopic("orders", 1, Map.of("cleanup.policy", "compact", "segment.ms", "100"));

        assertThat(broker.topics.findTopic(ORDERS).orElseThrow().configs())
                .containsOnly(Map.entry("cleanup.policy", "compact"), Map.entry("segment.ms", "100"));
    }

    @Test
    void shouldRefuseCompactionLagsSetAgainstEachOtherAndCreateNothing() {
        assertThatThrownBy(() -> broker.createTopic("orders", 1, Map.of("min.compaction.lag.ms", "20",
                "max.compaction.lag.ms", "10")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("max.compaction.lag.ms");
        assertThat(broker.topics.listTopics()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"__consumer_offsets", "__transaction_state"})
    void shouldRefuseToCreateInternalTopics(String name) {
        assertThat(failureOf(broker.topics.createTopic(CreateTopicCommand.withDefaults(TopicName.of(name)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Creation of internal topic " + name + " is prohibited.");
        assertThat(broker.topics.findOrAutoCreate(TopicName.of(name)).join()).isEmpty();
        assertThat(broker.topics.listTopics()).isEmpty();
    }

    @Test
    void shouldRefuseABatchLargerThanTheTopicAllows() {
        Topic topic = broker.createTopic("orders", 1, Map.of("max.message.bytes", "200"));
        Topic other = broker.createTopic("others", 1);

        assertThat(broker.append(topic.partition(0), records(1).valueSize(200).build()))
                .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause().isInstanceOf(RecordTooLargeException.class);
        assertThat(broker.appendNow(other.partition(0), records(1).valueSize(200).build())).isZero();
    }

    @Test
    void shouldRefuseToRaiseMinInSyncReplicasAboveTheMajorityOfTheTopicsReplicas() {
        CoreOnFakes cluster = new CoreOnFakes(BrokerConfig.defaults(), 3);
        cluster.topics.createTopic(new CreateTopicCommand(ORDERS, OptionalInt.empty(), OptionalInt.of(3),
                Map.of("min.insync.replicas", "2"), false)).join();

        assertThat(failureOf(cluster.topics.alterTopicConfigs(AlterTopicConfigsCommand.incremental(ORDERS,
                List.of(new AlterConfigOp(OpType.SET, "min.insync.replicas", "3")), false))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("replication factor 3");
        assertThat(cluster.topics.findTopic(ORDERS).orElseThrow().configs())
                .containsEntry("min.insync.replicas", "2");
    }

    @Test
    void shouldObeyAnAlteredConfigFromTheNextAppend() {
        Topic topic = broker.createTopic("orders", 2);

        broker.topics.alterTopicConfigs(AlterTopicConfigsCommand.incremental(ORDERS,
                List.of(new AlterConfigOp(OpType.SET, "max.message.bytes", "100")), false)).join();

        for (int partition = 0; partition < 2; partition++) {
            assertThat(broker.append(topic.partition(partition), records(1).valueSize(200).build()))
                    .failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                    .isInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void shouldApplyIncrementalOperationsToThePresentOverrides() {
        broker.createTopic("orders", 1, Map.of("retention.ms", "1000", "retention.bytes", "5000"));

        Topic altered = broker.topics.alterTopicConfigs(AlterTopicConfigsCommand.incremental(ORDERS, List.of(
                new AlterConfigOp(OpType.SET, "retention.ms", "2000"),
                new AlterConfigOp(OpType.DELETE, "retention.bytes", null),
                new AlterConfigOp(OpType.APPEND, "cleanup.policy", "delete")), false)).join();

        assertThat(altered.configs()).containsOnly(Map.entry("retention.ms", "2000"), Map.entry("cleanup.policy", "delete"));
        assertThat(broker.topics.findTopic(ORDERS).orElseThrow()).isEqualTo(altered);
    }

    @Test
    void shouldReplaceEveryOverrideWithAlterConfigs() {
        broker.createTopic("orders", 1, Map.of("retention.ms", "1000"));

        broker.topics.alterTopicConfigs(AlterTopicConfigsCommand.replacing(ORDERS, Map.of("retention.bytes", "10"), false))
                .join();

        assertThat(broker.topics.findTopic(ORDERS).orElseThrow().configs()).containsOnly(Map.entry("retention.bytes", "10"));
    }

    @Test
    void shouldChangeNothingWhenOnlyValidating() {
        broker.createTopic("orders", 1, Map.of("retention.ms", "1000"));

        Topic validated = broker.topics.alterTopicConfigs(AlterTopicConfigsCommand.replacing(ORDERS, Map.of(), true)).join();

        assertThat(validated.configs()).isEmpty();
        assertThat(broker.topics.findTopic(ORDERS).orElseThrow().configs()).containsOnly(Map.entry("retention.ms", "1000"));
    }

    @Test
    void shouldChangeNothingWhenOneOperationIsInvalid() {
        broker.createTopic("orders", 1, Map.of("retention.ms", "1000"));

        assertThat(failureOf(broker.topics.alterTopicConfigs(AlterTopicConfigsCommand.incremental(ORDERS, List.of(
                new AlterConfigOp(OpType.SET, "retention.ms", "5"),
                new AlterConfigOp(OpType.SET, "segment.bytes", "1024")), false))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("segment.bytes")
                .hasMessageContaining("1048576");
        assertThat(broker.topics.findTopic(ORDERS).orElseThrow().configs()).containsOnly(Map.entry("retention.ms", "1000"));
    }

    @Test
    void shouldRefuseToAlterAnUnknownTopic() {
        assertThat(failureOf(broker.topics.alterTopicConfigs(AlterTopicConfigsCommand.replacing(ORDERS, Map.of(), false))))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldRefuseConfigsThatCreateTopicsWouldRefuseToo() {
        assertThat(failureOf(broker.topics.createTopic(new CreateTopicCommand(ORDERS, OptionalInt.empty(),
                OptionalInt.empty(), Map.of("message.timestamp.type", "WallClock"), true))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("message.timestamp.type");
    }
}
