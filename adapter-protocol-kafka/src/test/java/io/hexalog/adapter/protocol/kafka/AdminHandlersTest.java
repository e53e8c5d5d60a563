package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResultCollection;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic and log administration APIs answer every invalid request with Kafka's error. */
class AdminHandlersTest {

    private static final byte TOPIC_RESOURCE = ConfigResource.Type.TOPIC.id();
    private static final byte BROKER_RESOURCE = ConfigResource.Type.BROKER.id();
    private static final byte BROKER_LOGGER_RESOURCE = ConfigResource.Type.BROKER_LOGGER.id();
    private static final byte UNKNOWN_OPERATION = 9;
    private static final short CREATE_PARTITIONS_V3 = 3;
    private static final short DESCRIBE_CONFIGS_V4 = 4;
    private static final short ALTER_CONFIGS_V2 = 2;
    private static final short INCREMENTAL_ALTER_CONFIGS_V1 = 1;
    private static final short DELETE_RECORDS_V2 = 2;
    private static final short OFFSET_FOR_LEADER_EPOCH_V4 = 4;
    private static final short DESCRIBE_TOPIC_PARTITIONS_V0 = 0;

    private final EmbeddedBroker broker = new EmbeddedBroker();
    private final EmbeddedBroker.Connection connection = broker.connect();

    @Test
    void shouldRefuseToShrinkDuplicateOrMisassignPartitions() {
        // given
        broker.createTopic("orders", 3);
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(1_000);
        request.topics().add(new CreatePartitionsTopic().setName("orders").setCount(2));
        request.topics().add(new CreatePartitionsTopic().setName("absent").setCount(2));
        request.topics().add(new CreatePartitionsTopic().setName("twice").setCount(2));
        request.topics().add(new CreatePartitionsTopic().setName("twice").setCount(2));
        request.topics().add(new CreatePartitionsTopic().setName("elsewhere").setCount(4)
                .setAssignments(List.of(new CreatePartitionsAssignment().setBrokerIds(List.of(2)))));

        // when
        CreatePartitionsResponse response = connection.call(CREATE_PARTITIONS_V3, request);

        // then
        assertThat(response.data().results()).extracting(result -> Errors.forCode(result.errorCode())).containsExactly(
                Errors.INVALID_PARTITIONS, Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.INVALID_REQUEST,
                Errors.INVALID_REQUEST, Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(response.data().results().get(0).errorMessage()).isEqualTo(
                "Topic currently has 3 partitions, which is higher than the requested 2.");
    }

    @Test
    void shouldRefuseACountBelowOneAsNoIncreaseAfterTellingOfAnUnknownTopic() {
        // given
        broker.createTopic("orders", 3);
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(1_000);
        request.topics().add(new CreatePartitionsTopic().setName("orders").setCount(0));
        request.topics().add(new CreatePartitionsTopic().setName("absent").setCount(-1));

        // when
        CreatePartitionsResponse response = connection.call(CREATE_PARTITIONS_V3, request);

        // then
        assertThat(response.data().results()).extracting(result -> Errors.forCode(result.errorCode())).containsExactly(
                Errors.INVALID_PARTITIONS, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(response.data().results().get(0).errorMessage()).isEqualTo(
                "Topic currently has 3 partitions, which is higher than the requested 0.");
        assertThat(broker.core().describeTopics().findTopic(TopicName.of("orders")).orElseThrow().partitionCount())
                .isEqualTo(3);
    }

    @Test
    void shouldDescribeOnlyTheAskedKeysWithoutSynonymsOrDocumentationUnlessAsked() {
        // given
        broker.createTopic("orders", 1);
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        request.resources().add(new DescribeConfigsResource().setResourceType(TOPIC_RESOURCE)
                .setResourceName("orders").setConfigurationKeys(List.of("retention.ms", "nope")));

        // when
        DescribeConfigsResponse response = connection.call(DESCRIBE_CONFIGS_V4, request);

        // then
        DescribeConfigsResult result = response.data().results().get(0);
        assertThat(result.configs()).singleElement().satisfies(config -> {
            assertThat(config.name()).isEqualTo("retention.ms");
            assertThat(config.configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
            assertThat(config.configType()).isEqualTo(ConfigType.LONG.id());
            assertThat(config.synonyms()).isEmpty();
            assertThat(config.documentation()).isNull();
        });
    }

    @Test
    void shouldRefuseConfigResourcesItDoesNotServe() {
        // given
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        request.resources().add(resource(ConfigResource.Type.CLIENT_METRICS.id(), "metrics"));
        request.resources().add(resource(BROKER_RESOURCE, "2"));
        request.resources().add(resource(TOPIC_RESOURCE, "absent"));
        request.resources().add(resource(TOPIC_RESOURCE, "bad/name"));

        // when
        DescribeConfigsResponse response = connection.call(DESCRIBE_CONFIGS_V4, request);

        // then
        assertThat(response.data().results()).extracting(result -> Errors.forCode(result.errorCode())).containsExactly(
                Errors.INVALID_REQUEST, Errors.INVALID_REQUEST, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void shouldReplaceEveryOverrideWithAlterConfigsAndRefuseBrokerResources() {
        // given
        broker.core().createTopic().createTopic(new CreateTopicCommand(TopicName.of("orders"), OptionalInt.of(1),
                OptionalInt.empty(), Map.of("retention.ms", "1000"), false));
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        AlterConfigsRequestData.AlterConfigsResource topic = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(TOPIC_RESOURCE).setResourceName("orders");
        topic.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("retention.bytes").setValue("10"));
        request.resources().add(topic);
        AlterConfigsRequestData.AlterConfigsResource self = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(BROKER_RESOURCE).setResourceName("1");
        self.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("num.partitions").setValue("3"));
        request.resources().add(self);
        request.resources().add(new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(TOPIC_RESOURCE).setResourceName("orders-2"));

        // when
        AlterConfigsResponse response = connection.call(ALTER_CONFIGS_V2, request);

        // then
        assertThat(response.data().responses()).extracting(result -> Errors.forCode(result.errorCode()))
                .containsExactly(Errors.NONE, Errors.INVALID_REQUEST, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(topicConfigs("orders")).containsOnly(Map.entry("retention.bytes", "10"));
    }

    @Test
    void shouldReplaceAGroupsConfigsWithAlterConfigsAndRefuseInvalidOnesWithKafkasErrors() {
        // given a group with both of its own configs
        assertThat(alterGroup("billing", Map.of("consumer.session.timeout.ms", "50000",
                "consumer.heartbeat.interval.ms", "6000"))).isEqualTo(Errors.NONE);

        // when AlterConfigs names only one, then the other is the broker's again
        assertThat(alterGroup("billing", Map.of("consumer.heartbeat.interval.ms", "7000"))).isEqualTo(Errors.NONE);
        assertThat(groupConfigs("billing")).containsOnly(
                Map.entry("consumer.heartbeat.interval.ms", "7000 from " + DescribeConfigsResponse.ConfigSource.GROUP_CONFIG),
                Map.entry("consumer.session.timeout.ms", "45000 from " + DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG));

        // and invalid configs are refused as Kafka refuses them, changing nothing
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("consumer.session.timeout.ms", null);
        assertThat(alterGroup("billing", nullValue)).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(alterGroup("billing", Map.of("consumer.session.timeout.ms", "1000"))).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(alterGroup("billing", Map.of("share.record.lock.duration.ms", "30000"))).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(alterGroup("", Map.of("consumer.session.timeout.ms", "50000"))).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(groupConfigs("billing")).containsEntry("consumer.heartbeat.interval.ms",
                "7000 from " + DescribeConfigsResponse.ConfigSource.GROUP_CONFIG);
    }

    @Test
    void shouldDescribeAnyGroupsConfigsButRefuseAnEmptyGroupName() {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        request.resources().add(resource(ConfigResource.Type.GROUP.id(), "never-seen"));
        request.resources().add(resource(ConfigResource.Type.GROUP.id(), ""));

        DescribeConfigsResponse response = connection.call(DESCRIBE_CONFIGS_V4, request);

        assertThat(response.data().results()).extracting(result -> Errors.forCode(result.errorCode()))
                .containsExactly(Errors.NONE, Errors.INVALID_REQUEST);
        assertThat(response.data().results().get(0).configs()).hasSize(2).allSatisfy(config -> {
            assertThat(config.configSource()).isEqualTo(DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG.id());
            assertThat(config.configType()).isEqualTo(DescribeConfigsResponse.ConfigType.INT.id());
            assertThat(config.readOnly()).isFalse();
        });
        assertThat(response.data().results().get(1).errorMessage()).isEqualTo("Group name must not be empty");
    }

    private Errors alterGroup(String group, Map<String, String> configs) {
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.GROUP.id()).setResourceName(group);
        configs.forEach((name, value) -> resource.configs().add(
                new AlterConfigsRequestData.AlterableConfig().setName(name).setValue(value)));
        request.resources().add(resource);
        AlterConfigsResponse response = connection.call(ALTER_CONFIGS_V2, request);
        return Errors.forCode(response.data().responses().get(0).errorCode());
    }

    /** Each config of the group as "value from source". */
    private Map<String, String> groupConfigs(String group) {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        request.resources().add(resource(ConfigResource.Type.GROUP.id(), group));
        DescribeConfigsResponse response = connection.call(DESCRIBE_CONFIGS_V4, request);
        Map<String, String> configs = new HashMap<>();
        response.data().results().get(0).configs().forEach(config -> configs.put(config.name(),
                config.value() + " from " + DescribeConfigsResponse.ConfigSource.forId(config.configSource())));
        return configs;
    }

    @Test
    void shouldDescribeThisBrokersLoggersAndRefuseAnotherBrokers() {
        // given
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        request.resources().add(resource(BROKER_LOGGER_RESOURCE, "1").setConfigurationKeys(List.of("root")));
        request.resources().add(resource(BROKER_LOGGER_RESOURCE, "2"));

        // when
        DescribeConfigsResponse response = connection.call(DESCRIBE_CONFIGS_V4, request);

        // then
        assertThat(response.data().results().get(0).configs()).singleElement().satisfies(config -> {
            assertThat(config.name()).isEqualTo("root");
            assertThat(config.value()).isEqualTo("INFO");
            assertThat(config.readOnly()).isFalse();
            assertThat(config.configSource()).isEqualTo(ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG.id());
        });
        assertThat(Errors.forCode(response.data().results().get(1).errorCode())).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void shouldSetALoggersLevelWithIncrementalAlterConfigsAndRefuseAnUnknownLevel() {
        // given
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        request.resources().add(loggerChange("root", "DEBUG"));
        request.resources().add(loggerChange("root", "LOUD"));

        // when
        IncrementalAlterConfigsResponse response = connection.call(INCREMENTAL_ALTER_CONFIGS_V1, request);

        // then
        assertThat(response.data().responses()).extracting(result -> Errors.forCode(result.errorCode()))
                .containsExactly(Errors.NONE, Errors.INVALID_CONFIG);
        DescribeConfigsRequestData describe = new DescribeConfigsRequestData();
        describe.resources().add(resource(BROKER_LOGGER_RESOURCE, "1").setConfigurationKeys(List.of("root")));
        assertThat(connection.<DescribeConfigsResponse>call(DESCRIBE_CONFIGS_V4, describe).data().results().get(0)
                .configs().get(0).value()).isEqualTo("DEBUG");
    }

    private static IncrementalAlterConfigsRequestData.AlterConfigsResource loggerChange(String logger, String level) {
        IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(BROKER_LOGGER_RESOURCE).setResourceName("1");
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName(logger).setConfigOperation((byte) 0).setValue(level));
        return resource;
    }

    @Test
    void shouldRefuseAnUnknownConfigOperation() {
        // given
        broker.createTopic("orders", 1);
        IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(TOPIC_RESOURCE).setResourceName("orders");
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("retention.ms").setConfigOperation(UNKNOWN_OPERATION).setValue("5"));
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        request.resources().add(resource);

        // when
        IncrementalAlterConfigsResponse response = connection.call(INCREMENTAL_ALTER_CONFIGS_V1, request);

        // then
        assertThat(Errors.forCode(response.data().responses().get(0).errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(topicConfigs("orders")).isEmpty();
    }

    @Test
    void shouldAnswerDeleteRecordsPerPartition() {
        // given
        broker.createTopic("orders", 1);
        produce("orders", 5);
        DeleteRecordsTopic orders = new DeleteRecordsTopic().setName("orders");
        orders.partitions().add(new DeleteRecordsPartition().setPartitionIndex(0).setOffset(-1));
        orders.partitions().add(new DeleteRecordsPartition().setPartitionIndex(7).setOffset(1));
        DeleteRecordsTopic absent = new DeleteRecordsTopic().setName("absent");
        absent.partitions().add(new DeleteRecordsPartition().setPartitionIndex(0).setOffset(1));
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(1_000);
        request.topics().add(orders);
        request.topics().add(absent);

        // when
        DeleteRecordsResponse response = connection.call(DELETE_RECORDS_V2, request);

        // then
        DeleteRecordsPartitionResultCollection results = response.data().topics().find("orders").partitions();
        assertThat(Errors.forCode(results.find(0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(results.find(0).lowWatermark()).isEqualTo(5);
        assertThat(Errors.forCode(results.find(7).errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(results.find(7).lowWatermark()).isEqualTo(-1);
        assertThat(Errors.forCode(response.data().topics().find("absent").partitions().find(0).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void shouldAnswerOffsetForLeaderEpochWithFencingAndUndefinedEpochs() {
        // given
        broker.createTopic("orders", 1);
        produce("orders", 3);
        OffsetForLeaderTopic orders = new OffsetForLeaderTopic().setTopic("orders");
        orders.partitions().add(epochOf(0, 0, 0));
        orders.partitions().add(epochOf(0, -1, 3));
        orders.partitions().add(epochOf(0, 5, 0));
        orders.partitions().add(epochOf(4, -1, 0));
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        request.topics().add(orders);

        // when
        OffsetsForLeaderEpochResponse response = connection.call(OFFSET_FOR_LEADER_EPOCH_V4, request);

        // then
        List<EpochEndOffset> answers = response.data().topics().find("orders").partitions();
        assertThat(answers.get(0).errorCode()).isZero();
        assertThat(answers.get(0).leaderEpoch()).isZero();
        assertThat(answers.get(0).endOffset()).isEqualTo(3);
        assertThat(answers.get(1).errorCode()).isZero();
        assertThat(answers.get(1).leaderEpoch()).isEqualTo(-1);
        assertThat(answers.get(1).endOffset()).isEqualTo(-1);
        assertThat(Errors.forCode(answers.get(2).errorCode())).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
        assertThat(Errors.forCode(answers.get(3).errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void shouldPageThroughTopicPartitionsWithACursor() {
        // given
        broker.createTopic("alpha", 3);
        broker.createTopic("beta", 2);

        // when
        DescribeTopicPartitionsResponseData first = describeTopicPartitions(
                new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(4));
        DescribeTopicPartitionsResponseData second = describeTopicPartitions(
                new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(4).setCursor(
                        new DescribeTopicPartitionsRequestData.Cursor().setTopicName("beta").setPartitionIndex(1)));

        // then
        assertThat(first.topics()).extracting(DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("alpha", "beta");
        assertThat(first.topics().find("beta").partitions()).hasSize(1);
        assertThat(first.nextCursor().topicName()).isEqualTo("beta");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(1);
        assertThat(second.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.name()).isEqualTo("beta");
            assertThat(topic.partitions()).extracting(DescribeTopicPartitionsResponsePartition::partitionIndex)
                    .containsExactly(1);
        });
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void shouldRefuseACursorOnATopicNotAskedFor() {
        // given
        broker.createTopic("alpha", 1);
        DescribeTopicPartitionsRequestData request = new DescribeTopicPartitionsRequestData()
                .setCursor(new DescribeTopicPartitionsRequestData.Cursor().setTopicName("beta").setPartitionIndex(0));
        request.topics().add(new TopicRequest().setName("alpha"));

        // when
        DescribeTopicPartitionsResponseData response = describeTopicPartitions(request);

        // then
        assertThat(response.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.name()).isEqualTo("alpha");
            assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
            assertThat(topic.partitions()).isEmpty();
        });
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void shouldReportUnknownTopicsAmongDescribedOnes() {
        // given
        broker.createTopic("alpha", 1);
        DescribeTopicPartitionsRequestData request = new DescribeTopicPartitionsRequestData();
        request.topics().add(new TopicRequest().setName("alpha"));
        request.topics().add(new TopicRequest().setName("absent"));

        // when
        DescribeTopicPartitionsResponseData response = describeTopicPartitions(request);

        // then
        assertThat(Errors.forCode(response.topics().find("absent").errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(response.topics().find("alpha").partitions()).hasSize(1);
    }

    private DescribeTopicPartitionsResponseData describeTopicPartitions(DescribeTopicPartitionsRequestData request) {
        DescribeTopicPartitionsResponse response = connection.call(DESCRIBE_TOPIC_PARTITIONS_V0, request);
        return response.data();
    }

    /** Appends {@code count} records to partition 0 of the topic, with acks=1. */
    private void produce(String topic, int count) {
        String[] values = IntStream.range(0, count).mapToObj(Integer::toString).toArray(String[]::new);
        ProduceResponse response = connection.call((short) 9,
                KafkaWire.produce((short) 1, topic, 0, KafkaWire.records(values)));
        assertThat(response.errorCounts()).containsOnlyKeys(Errors.NONE);
    }

    private Map<String, String> topicConfigs(String topic) {
        return broker.core().describeTopics().findTopic(TopicName.of(topic)).orElseThrow().configs();
    }

    private static DescribeConfigsResource resource(byte type, String name) {
        return new DescribeConfigsResource().setResourceType(type).setResourceName(name);
    }

    private static OffsetForLeaderPartition epochOf(int partition, int currentLeaderEpoch, int leaderEpoch) {
        return new OffsetForLeaderPartition()
                .setPartition(partition).setCurrentLeaderEpoch(currentLeaderEpoch).setLeaderEpoch(leaderEpoch);
    }
}
