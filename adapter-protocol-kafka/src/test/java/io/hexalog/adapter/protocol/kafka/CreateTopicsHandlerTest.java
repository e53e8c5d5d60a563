package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfigCollection;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CreateTopicsHandlerTest {

    private static final short V7 = 7;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldCreateTopicWithItsPartitions() {
        // when
        CreatableTopicResult result = createOne(topic("payments", 3, (short) 1));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(3);
        assertThat(result.replicationFactor()).isEqualTo((short) 1);
        assertThat(result.topicId()).isEqualTo(broker.topicId("payments"));
        assertThat(broker.topicNames()).containsExactly("payments");
    }

    @Test
    void shouldUseBrokerDefaultsForMinusOne() {
        // when
        CreatableTopicResult result = createOne(topic("defaults", -1, (short) -1));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(1);
    }

    @Test
    void shouldAnswerExistingTopicWithTopicAlreadyExists() {
        // given
        broker.createTopic("payments", 1);

        // when
        CreatableTopicResult result = createOne(topic("payments", 1, (short) 1));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
    }

    @Test
    void shouldRefuseTopicNamedTwiceInOneRequestWithInvalidRequest() {
        // given
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000);
        request.topics().add(topic("twice", 1, (short) 1));
        request.topics().add(topic("twice", 2, (short) 1));
        request.topics().add(topic("once", 1, (short) 1));

        // when
        CreateTopicsResponse response = connection.call(V7, request);

        // then
        List<CreatableTopicResult> results = List.copyOf(response.data().topics());
        assertThat(results).filteredOn(result -> result.name().equals("twice")).isNotEmpty()
                .allSatisfy(result -> assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
        assertThat(response.data().topics().find("once").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topicNames()).containsExactly("once");
    }

    @Test
    void shouldRefuseZeroPartitionsWithInvalidPartitions() {
        // when
        CreatableTopicResult result = createOne(topic("empty", 0, (short) 1));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldRefuseNegativePartitionsWithInvalidPartitions() {
        // when
        CreatableTopicResult result = createOne(topic("negative", -5, (short) 1));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, -2})
    void shouldRefuseAReplicationFactorOfZeroOrBelowMinusOneWithInvalidReplicationFactor(short replicationFactor) {
        // when
        CreatableTopicResult result = createOne(topic("unreplicated", 1, replicationFactor));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldRefuseReplicationFactorAboveBrokerCountWithInvalidReplicationFactor() {
        // when
        CreatableTopicResult result = createOne(topic("replicated", 1, (short) 3));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR.code());
        assertThat(result.errorMessage()).contains("3");
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldCreateNothingWhenValidateOnly() {
        // given
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000).setValidateOnly(true);
        request.topics().add(topic("dry-run", 4, (short) 1));

        // when
        CreateTopicsResponse response = connection.call(V7, request);

        // then
        CreatableTopicResult result = response.data().topics().iterator().next();
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(4);
        assertThat(result.topicId()).isEqualTo(Uuid.ZERO_UUID);
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldRefuseInvalidTopicNamesWithInvalidTopicException() {
        // given
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000);
        for (String name : List.of("has space", "..", "x".repeat(250), "naïve")) {
            request.topics().add(topic(name, 1, (short) 1));
        }

        // when
        CreateTopicsResponse response = connection.call(V7, request);

        // then
        assertThat(response.data().topics()).hasSize(4)
                .allSatisfy(result -> assertThat(result.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code()));
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldRefuseTopicConfigsItDoesNotSupportWithInvalidConfig() {
        // given
        CreatableTopic topic = topic("configured", 1, (short) 1);
        topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig()
                .setName("segment.index.bytes").setValue("4096"));

        // when
        CreatableTopicResult result = createOne(topic);

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
    }

    @Test
    void shouldServeTheOldestVersionItHandles() {
        // given
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000);
        request.topics().add(topic("old-client", 2, (short) 1));

        // when
        CreateTopicsResponse response = connection.call((short) 2, request);

        // then
        assertThat(response.data().topics().find("old-client").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(broker.topicNames()).containsExactly("old-client");
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {5, 6, 7})
    void shouldAnswerWithTheCreatedTopicsConfigsFromVersionFive(short version) {
        // when
        CreatableTopicResult result = createOne(version, topic("tuned", 2, (short) 1).setConfigs(retentionOf("60000")));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(2);
        assertThat(result.replicationFactor()).isEqualTo((short) 1);
        assertThat(result.configs()).extracting(CreatableTopicConfigs::name).containsExactly(
                "cleanup.policy", "delete.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
                "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas",
                "retention.bytes", "retention.ms", "segment.bytes", "segment.ms");
        assertThat(config(result, "retention.ms")).satisfies(config -> {
            assertThat(config.value()).isEqualTo("60000");
            assertThat(config.configSource()).isEqualTo(DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG.id());
            assertThat(config.readOnly()).isFalse();
            assertThat(config.isSensitive()).isFalse();
        });
        assertThat(config(result, "max.message.bytes")).satisfies(config -> {
            assertThat(config.value()).isEqualTo("1048588");
            assertThat(config.configSource()).isEqualTo(DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG.id());
        });
    }

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {2, 3, 4})
    void shouldAnswerWithoutConfigsBeforeVersionFive(short version) {
        // when
        CreatableTopicResult result = createOne(version, topic("tuned", 2, (short) 1).setConfigs(retentionOf("60000")));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.configs()).isEmpty();
        assertThat(broker.topicNames()).containsExactly("tuned");
    }

    @Test
    void shouldAnswerWithTheConfigsTheTopicWouldHaveWhenOnlyValidating() {
        // given
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000).setValidateOnly(true);
        request.topics().add(topic("dry-run", 1, (short) 1).setConfigs(retentionOf("60000")));

        // when
        CreateTopicsResponse response = connection.call(V7, request);

        // then
        CreatableTopicResult result = response.data().topics().find("dry-run");
        assertThat(config(result, "retention.ms").value()).isEqualTo("60000");
        assertThat(broker.topicNames()).isEmpty();
    }

    @Test
    void shouldAnswerATopicThatFailedWithoutConfigs() {
        // given
        broker.createTopic("taken", 1);

        // when
        CreatableTopicResult result = createOne(topic("taken", 1, (short) 1));

        // then
        assertThat(result.errorCode()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
        assertThat(result.configs()).isEmpty();
        assertThat(result.numPartitions()).isEqualTo(-1);
    }

    private CreatableTopicResult createOne(CreatableTopic topic) {
        return createOne(V7, topic);
    }

    private CreatableTopicResult createOne(short version, CreatableTopic topic) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000);
        request.topics().add(topic);
        CreateTopicsResponse response = connection.call(version, request);
        return response.data().topics().iterator().next();
    }

    private static CreatableTopicConfigCollection retentionOf(String retentionMs) {
        CreatableTopicConfigCollection configs = new CreatableTopicConfigCollection();
        configs.add(new CreatableTopicConfig().setName("retention.ms").setValue(retentionMs));
        return configs;
    }

    private static CreatableTopicConfigs config(CreatableTopicResult result, String name) {
        return result.configs().stream().filter(config -> config.name().equals(name)).findFirst().orElseThrow();
    }

    private static CreatableTopic topic(String name, int partitions, short replicationFactor) {
        return new CreatableTopic().setName(name).setNumPartitions(partitions).setReplicationFactor(replicationFactor);
    }
}
