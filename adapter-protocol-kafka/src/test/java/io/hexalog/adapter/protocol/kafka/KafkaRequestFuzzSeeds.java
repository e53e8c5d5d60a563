package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ListOffsetsRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpus of {@link KafkaRequestFuzzTest}: valid requests of the APIs the broker serves, written
 * by Kafka's own message classes, alone and in a pipeline, plus two raw frames. Run from the module directory
 * to regenerate the committed seeds after a change of the input format:
 * {@code java -cp target/test-classes:<test classpath> io.hexalog.adapter.protocol.kafka.KafkaRequestFuzzSeeds}.
 */
final class KafkaRequestFuzzSeeds {

    static final Path DIRECTORY = Path.of("src/test/resources/io/hexalog/adapter/protocol/kafka/"
            + "KafkaRequestFuzzTestInputs/shouldAnswerEveryRequestItUnderstandsOrCloseTheConnection");
    private static final String TOPIC = "fuzz";
    private static final String GROUP = "fuzzers";

    private KafkaRequestFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIRECTORY);
        Map<String, byte[]> seeds = Map.ofEntries(
                Map.entry("api-versions-v3", one(apiVersions(), 3)),
                Map.entry("metadata-v12", one(metadata(), 12)),
                Map.entry("produce-v9", one(KafkaWire.produce((short) 1, TOPIC, 0, KafkaWire.records("x", "y")), 9)),
                Map.entry("produce-acks-0-v3", one(KafkaWire.produce((short) 0, TOPIC, 1, KafkaWire.records("z")), 3)),
                Map.entry("fetch-v12", one(KafkaWire.fetch(TOPIC, 0, 0), 12)),
                Map.entry("fetch-long-poll-v12", one(KafkaWire.fetch(TOPIC, 1, 0).setMaxWaitMs(500), 12)),
                Map.entry("list-offsets-v7", one(listOffsets(), 7)),
                Map.entry("create-topics-v7", one(createTopics(), 7)),
                Map.entry("create-partitions-v3", one(createPartitions(), 3)),
                Map.entry("delete-topics-v6", one(deleteTopics(), 6)),
                Map.entry("describe-configs-v4", one(describeConfigs(), 4)),
                Map.entry("incremental-alter-configs-v1", one(alterConfigs(), 1)),
                Map.entry("init-producer-id-v4", one(new InitProducerIdRequestData().setTransactionalId(null)
                        .setTransactionTimeoutMs(60_000), 4)),
                Map.entry("find-coordinator-v4", one(new FindCoordinatorRequestData()
                        .setCoordinatorKeys(List.of(GROUP)), 4)),
                Map.entry("join-group-v9", one(GroupRequests.join(GROUP, "", TOPIC), 9)),
                Map.entry("offset-commit-v8", one(GroupRequests.commit(GROUP, "", -1,
                        GroupRequests.offsets(TOPIC, 1)), 8)),
                Map.entry("offset-fetch-v8", one(GroupRequests.fetchOffsets(
                        GroupRequests.group(GROUP, GroupRequests.partitions(TOPIC, 0))), 8)),
                Map.entry("pipeline-metadata-produce-fetch", FuzzedRequests.seed(
                        List.of(metadata(), KafkaWire.produce((short) 1, TOPIC, 0, KafkaWire.records("p")),
                                KafkaWire.fetch(TOPIC, 0, 0)),
                        List.of((short) 12, (short) 9, (short) 12))),
                Map.entry("raw-api-versions-v0", raw(KafkaWire.bytes(KafkaWire.rawFrame(18, 0, 7, new byte[0])))),
                Map.entry("raw-absurd-size-prefix", raw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 18})));
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Files.write(DIRECTORY.resolve(seed.getKey()), seed.getValue());
        }
    }

    private static byte[] one(ApiMessage request, int version) {
        return FuzzedRequests.seed(List.of(request), List.of((short) version));
    }

    private static byte[] raw(byte[] bytes) {
        byte[] seed = new byte[bytes.length + 1];
        seed[0] = 1;
        System.arraycopy(bytes, 0, seed, 1, bytes.length);
        return seed;
    }

    private static ApiVersionsRequestData apiVersions() {
        return new ApiVersionsRequestData().setClientSoftwareName("fuzz").setClientSoftwareVersion("1.0");
    }

    private static MetadataRequestData metadata() {
        return new MetadataRequestData().setTopics(List.of(new MetadataRequestTopic().setName(TOPIC),
                new MetadataRequestTopic().setName("auto-created"))).setAllowAutoTopicCreation(true);
    }

    private static ListOffsetsRequestData listOffsets() {
        ListOffsetsTopic topic = new ListOffsetsTopic().setName(TOPIC);
        topic.partitions().add(new ListOffsetsPartition().setPartitionIndex(0)
                .setTimestamp(ListOffsetsRequest.EARLIEST_TIMESTAMP));
        topic.partitions().add(new ListOffsetsPartition().setPartitionIndex(1).setTimestamp(1_700_000_000_000L));
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
        request.topics().add(topic);
        return request;
    }

    private static CreateTopicsRequestData createTopics() {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1_000);
        request.topics().add(new CreatableTopic().setName("created").setNumPartitions(3).setReplicationFactor((short) 1));
        request.topics().add(new CreatableTopic().setName("defaults").setNumPartitions(-1).setReplicationFactor((short) -1));
        return request;
    }

    private static CreatePartitionsRequestData createPartitions() {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(1_000);
        request.topics().add(new CreatePartitionsTopic().setName(TOPIC).setCount(4));
        return request;
    }

    private static DeleteTopicsRequestData deleteTopics() {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(1_000);
        request.topics().add(new DeleteTopicState().setName(TOPIC));
        return request;
    }

    private static DescribeConfigsRequestData describeConfigs() {
        return new DescribeConfigsRequestData().setResources(List.of(
                new DescribeConfigsResource().setResourceType((byte) 2).setResourceName(TOPIC).setConfigurationKeys(null),
                new DescribeConfigsResource().setResourceType((byte) 4).setResourceName("1").setConfigurationKeys(null)));
    }

    private static IncrementalAlterConfigsRequestData alterConfigs() {
        AlterConfigsResource resource = new AlterConfigsResource().setResourceType((byte) 2).setResourceName(TOPIC);
        resource.configs().add(new AlterableConfig().setName("retention.ms").setValue("60000").setConfigOperation((byte) 0));
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        request.resources().add(resource);
        return request;
    }
}
