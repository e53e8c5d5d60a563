package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.service.ApplicationCore;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The topic and log administration handlers answer every invalid request with Kafka's error. */
class AdminHandlersTest {

    private final ApplicationCore core = new TestBroker().core();
    private final DescribeClusterQuery cluster = core.describeCluster();
    private final DescribeTopicsQuery topics = core.describeTopics();
    private final TopicResolver resolver = new TopicResolver(topics);
    private final ConfigResources resources = new ConfigResources(cluster);

    @Test
    void shouldRefuseToShrinkDuplicateOrMisassignPartitions() {
        create("orders", 3);
        CreatePartitionsRequestData request = new CreatePartitionsRequestData();
        request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("orders").setCount(2));
        request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("absent").setCount(2));
        request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("twice").setCount(2));
        request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("twice").setCount(2));
        request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("elsewhere").setCount(4)
                .setAssignments(List.of(new CreatePartitionsRequestData.CreatePartitionsAssignment().setBrokerIds(List.of(2)))));

        CreatePartitionsResponseData response = handle(
                new CreatePartitionsHandler(core.createPartitions(), topics, cluster), ApiKeys.CREATE_PARTITIONS, 3, request);

        assertThat(response.results()).extracting(result -> Errors.forCode(result.errorCode())).containsExactly(
                Errors.INVALID_PARTITIONS, Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.INVALID_REQUEST,
                Errors.INVALID_REQUEST, Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(response.results().get(0).errorMessage()).isEqualTo(
                "Topic currently has 3 partitions, which is higher than the requested 2.");
    }

    @Test
    void shouldRefuseACountBelowOneAsNoIncreaseAfterTellingOfAnUnknownTopic() {
        create("orders", 3);
        CreatePartitionsRequestData request = new CreatePartitionsRequestData();
        request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("orders").setCount(0));
        request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("absent").setCount(-1));

        CreatePartitionsResponseData response = handle(
                new CreatePartitionsHandler(core.createPartitions(), topics, cluster), ApiKeys.CREATE_PARTITIONS, 3, request);

        assertThat(response.results()).extracting(result -> Errors.forCode(result.errorCode())).containsExactly(
                Errors.INVALID_PARTITIONS, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(response.results().get(0).errorMessage()).isEqualTo(
                "Topic currently has 3 partitions, which is higher than the requested 0.");
        assertThat(topics.findTopic(TopicName.of("orders")).orElseThrow().partitionCount()).isEqualTo(3);
    }

    @Test
    void shouldDescribeOnlyTheAskedKeysWithoutSynonymsOrDocumentationUnlessAsked() {
        create("orders", 1);
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType((byte) 2).setResourceName("orders").setConfigurationKeys(List.of("retention.ms", "nope")));

        DescribeConfigsResponseData response = handle(new DescribeConfigsHandler(core.describeConfigs(), resources), ApiKeys.DESCRIBE_CONFIGS, 4, request);

        DescribeConfigsResponseData.DescribeConfigsResult result = response.results().get(0);
        assertThat(result.configs()).singleElement().satisfies(config -> {
            assertThat(config.name()).isEqualTo("retention.ms");
            assertThat(config.configSource()).isEqualTo((byte) 5);
            assertThat(config.configType()).isEqualTo((byte) 5);
            assertThat(config.synonyms()).isEmpty();
            assertThat(config.documentation()).isNull();
        });
    }

    @Test
    void shouldRefuseConfigResourcesItDoesNotServe() {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType((byte) 8).setResourceName("1"));
        request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType((byte) 4).setResourceName("2"));
        request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType((byte) 2).setResourceName("absent"));
        request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType((byte) 2).setResourceName("bad/name"));

        DescribeConfigsResponseData response = handle(new DescribeConfigsHandler(core.describeConfigs(), resources), ApiKeys.DESCRIBE_CONFIGS, 4, request);

        assertThat(response.results()).extracting(result -> Errors.forCode(result.errorCode())).containsExactly(
                Errors.INVALID_REQUEST, Errors.INVALID_REQUEST, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void shouldReplaceEveryOverrideWithAlterConfigsAndRefuseBrokerResources() {
        core.createTopic().createTopic(new CreateTopicCommand(TopicName.of("orders"), OptionalInt.of(1), OptionalInt.empty(),
                Map.of("retention.ms", "1000"), false)).join();
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        AlterConfigsRequestData.AlterConfigsResource topic = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType((byte) 2).setResourceName("orders");
        topic.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("retention.bytes").setValue("10"));
        request.resources().add(topic);
        AlterConfigsRequestData.AlterConfigsResource broker = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType((byte) 4).setResourceName("1");
        broker.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("num.partitions").setValue("3"));
        request.resources().add(broker);
        AlterConfigsRequestData.AlterConfigsResource invalid = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType((byte) 2).setResourceName("orders-2");
        request.resources().add(invalid);

        AlterConfigsResponseData response = handle(new AlterConfigsHandler(core.alterConfigs(), resources),
                ApiKeys.ALTER_CONFIGS, 2, request);

        assertThat(response.responses()).extracting(result -> Errors.forCode(result.errorCode())).containsExactly(
                Errors.NONE, Errors.INVALID_REQUEST, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(topics.findTopic(TopicName.of("orders")).orElseThrow().configs())
                .containsOnly(Map.entry("retention.bytes", "10"));
    }

    @Test
    void shouldRefuseAnUnknownConfigOperation() {
        create("orders", 1);
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        IncrementalAlterConfigsRequestData.AlterConfigsResource resource = new IncrementalAlterConfigsRequestData
                .AlterConfigsResource().setResourceType((byte) 2).setResourceName("orders");
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("retention.ms").setConfigOperation((byte) 9).setValue("5"));
        request.resources().add(resource);

        IncrementalAlterConfigsResponseData response = handle(new IncrementalAlterConfigsHandler(core.alterConfigs(), resources),
                ApiKeys.INCREMENTAL_ALTER_CONFIGS, 1, request);

        assertThat(Errors.forCode(response.responses().get(0).errorCode())).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void shouldAnswerDeleteRecordsPerPartition() {
        Topic topic = create("orders", 1);
        append(topic.partition(0), 5);
        DeleteRecordsRequestData request = new DeleteRecordsRequestData();
        DeleteRecordsRequestData.DeleteRecordsTopic orders = new DeleteRecordsRequestData.DeleteRecordsTopic().setName("orders");
        orders.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(-1));
        orders.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(7).setOffset(1));
        request.topics().add(orders);
        DeleteRecordsRequestData.DeleteRecordsTopic absent = new DeleteRecordsRequestData.DeleteRecordsTopic().setName("absent");
        absent.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(1));
        request.topics().add(absent);

        DeleteRecordsResponseData response = handle(new DeleteRecordsHandler(core.deleteRecords(), resolver),
                ApiKeys.DELETE_RECORDS, 2, request);

        var results = response.topics().find("orders").partitions();
        assertThat(results.find(0).lowWatermark()).isEqualTo(5);
        assertThat(Errors.forCode(results.find(7).errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(results.find(7).lowWatermark()).isEqualTo(-1);
        assertThat(Errors.forCode(response.topics().find("absent").partitions().find(0).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void shouldAnswerOffsetForLeaderEpochWithFencingAndUndefinedEpochs() {
        Topic topic = create("orders", 1);
        append(topic.partition(0), 3);
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopic orders = new OffsetForLeaderEpochRequestData
                .OffsetForLeaderTopic().setTopic("orders");
        orders.partitions().add(partition(0, 0, 0));
        orders.partitions().add(partition(0, -1, 3));
        orders.partitions().add(partition(0, 5, 0));
        orders.partitions().add(partition(4, -1, 0));
        request.topics().add(orders);

        OffsetForLeaderEpochResponseData response = handle(new OffsetForLeaderEpochHandler(core.offsetForLeaderEpoch(),
                resolver, cluster), ApiKeys.OFFSET_FOR_LEADER_EPOCH, 4, request);

        var answers = response.topics().find("orders").partitions();
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
        create("alpha", 3);
        create("beta", 2);
        DescribeTopicPartitionsHandler handler = new DescribeTopicPartitionsHandler(topics, cluster);

        DescribeTopicPartitionsResponseData first = handle(handler, ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0,
                new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(4));
        assertThat(first.topics()).extracting(DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic::name)
                .containsExactly("alpha", "beta");
        assertThat(first.topics().find("beta").partitions()).hasSize(1);
        assertThat(first.nextCursor().topicName()).isEqualTo("beta");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(1);

        DescribeTopicPartitionsResponseData second = handle(handler, ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0,
                new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(4).setCursor(
                        new DescribeTopicPartitionsRequestData.Cursor().setTopicName("beta").setPartitionIndex(1)));
        assertThat(second.topics()).singleElement().satisfies(topic -> {
            assertThat(topic.name()).isEqualTo("beta");
            assertThat(topic.partitions()).extracting(p -> p.partitionIndex()).containsExactly(1);
        });
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void shouldRefuseACursorOnATopicNotAskedFor() {
        create("alpha", 1);
        DescribeTopicPartitionsRequestData request = new DescribeTopicPartitionsRequestData()
                .setCursor(new DescribeTopicPartitionsRequestData.Cursor().setTopicName("beta").setPartitionIndex(0));
        request.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("alpha"));

        assertThatThrownBy(() -> handle(new DescribeTopicPartitionsHandler(topics, cluster),
                ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0, request))
                .isInstanceOf(io.hexalog.domain.error.InvalidRequestException.class);
    }

    @Test
    void shouldReportUnknownTopicsAmongDescribedOnes() {
        create("alpha", 1);
        DescribeTopicPartitionsRequestData request = new DescribeTopicPartitionsRequestData();
        request.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("alpha"));
        request.topics().add(new DescribeTopicPartitionsRequestData.TopicRequest().setName("absent"));

        DescribeTopicPartitionsResponseData response = handle(new DescribeTopicPartitionsHandler(topics, cluster),
                ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0, request);

        assertThat(Errors.forCode(response.topics().find("absent").errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(response.topics().find("alpha").partitions()).hasSize(1);
    }

    private static OffsetForLeaderEpochRequestData.OffsetForLeaderPartition partition(int index, int currentEpoch, int epoch) {
        return new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition()
                .setPartition(index).setCurrentLeaderEpoch(currentEpoch).setLeaderEpoch(epoch);
    }

    private Topic create(String name, int partitionCount) {
        return core.createTopic().createTopic(new CreateTopicCommand(TopicName.of(name), OptionalInt.of(partitionCount),
                OptionalInt.empty(), Map.of(), false)).join();
    }

    private void append(TopicIdPartition partition, int records) {
        core.produce().append(new AppendRecordsCommand(partition, List.of(batch(records)))).join();
    }

    @SuppressWarnings("unchecked")
    private static <Q extends ApiMessage, R extends ApiMessage> R handle(ApiHandler<Q, R> handler, ApiKeys key, int version,
                                                                        Q request) {
        RequestContext context = new RequestContext(new RequestHeader(key, (short) version, "test", 1),
                new InetSocketAddress("127.0.0.1", 1));
        return handler.handle(context, request).join();
    }

    /** An uncompressed v2 batch of {@code count} one-byte records. */
    private static RecordBatch batch(int count) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] record = {0, 0, (byte) (i << 1), 1, 2, 'v', 0};
            records.write(record.length << 1);
            records.writeBytes(record);
        }
        ByteBuffer batch = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + records.size());
        batch.putLong(0).putInt(batch.capacity() - RecordBatch.LOG_OVERHEAD).putInt(-1).put(RecordBatch.MAGIC_V2)
                .putInt(0).putShort((short) 0).putInt(count - 1).putLong(1L).putLong(1L).putLong(-1L)
                .putShort((short) -1).putInt(-1).putInt(count).put(records.toByteArray());
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), 21, batch.capacity() - 21);
        batch.putInt(17, (int) crc.getValue());
        return RecordBatch.wrap(batch.flip());
    }
}
