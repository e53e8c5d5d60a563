package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.ElectLeadersRequestData;
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
import org.apache.kafka.common.requests.DescribeLogDirsResponse;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sample requests of topic and log administration for {@link EveryServedVersionTest}: each changes or reads
 * something on a broker with a topic of one partition holding a few records, and checks that it did.
 */
final class AdminSamples {

    private static final String CONFIGURED_TOPIC = "configured";
    private static final byte TOPIC_RESOURCE = ConfigResource.Type.TOPIC.id();
    private static final byte SET = 0;
    private static final int CONSUMER_REPLICA_ID = -1;

    private final EmbeddedBroker broker;
    private final String topicName;
    private final long logEndOffset;

    /**
     * @param topicName    a topic of one partition, without config overrides
     * @param logEndOffset where its log ends: past offset 1, for DeleteRecords to delete up to it
     */
    AdminSamples(EmbeddedBroker broker, String topicName, long logEndOffset) {
        if (logEndOffset < 2) {
            throw new IllegalArgumentException("The topic must hold two records at least, holds " + logEndOffset);
        }
        this.broker = broker;
        this.topicName = topicName;
        this.logEndOffset = logEndOffset;
    }

    /** Grows the topic from one partition to three. */
    ServedVersionSample createPartitions() {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(1_000);
        request.topics().add(new CreatePartitionsTopic().setName(topicName).setCount(3));
        return ServedVersionSample.answered(request, CreatePartitionsResponse.class, response -> {
            assertThat(response.data().results()).singleElement().satisfies(result -> {
                assertThat(result.name()).isEqualTo(topicName);
                assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
                assertThat(result.errorMessage()).isNull();
            });
            assertThat(described(topicName).partitionCount()).isEqualTo(3);
        });
    }

    /**
     * Describes a config the topic overrides, with its synonyms (v1+); from v3 it also carries its type and,
     * asked for, its documentation.
     */
    ServedVersionSample describeConfigs(short version) {
        createConfiguredTopic();
        DescribeConfigsRequestData request = new DescribeConfigsRequestData()
                .setIncludeSynonyms(true).setIncludeDocumentation(version >= 3);
        request.resources().add(new DescribeConfigsResource().setResourceType(TOPIC_RESOURCE)
                .setResourceName(CONFIGURED_TOPIC).setConfigurationKeys(List.of("retention.ms")));
        return ServedVersionSample.answered(request, DescribeConfigsResponse.class, response -> {
            DescribeConfigsResult result = response.data().results().get(0);
            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
            assertThat(result.resourceName()).isEqualTo(CONFIGURED_TOPIC);
            assertThat(result.configs()).singleElement().satisfies(config -> {
                assertThat(config.name()).isEqualTo("retention.ms");
                assertThat(config.value()).isEqualTo("1000");
                assertThat(config.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
                assertThat(config.synonyms()).extracting(DescribeConfigsSynonym::name)
                        .containsExactly("retention.ms", "log.retention.ms");
                if (version >= 3) {
                    assertThat(config.configType()).isEqualTo(ConfigType.LONG.id());
                    assertThat(config.documentation()).isNotBlank();
                }
            });
        });
    }

    /** Replaces the topic's overrides: the one it had returns to its default. */
    ServedVersionSample alterConfigs() {
        createConfiguredTopic();
        AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(TOPIC_RESOURCE).setResourceName(CONFIGURED_TOPIC);
        resource.configs().add(new AlterConfigsRequestData.AlterableConfig()
                .setName("retention.bytes").setValue("1048576"));
        AlterConfigsRequestData request = new AlterConfigsRequestData();
        request.resources().add(resource);
        return ServedVersionSample.answered(request, AlterConfigsResponse.class, response -> {
            assertThat(response.data().responses()).singleElement().satisfies(result -> {
                assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
                assertThat(result.resourceType()).isEqualTo(TOPIC_RESOURCE);
                assertThat(result.resourceName()).isEqualTo(CONFIGURED_TOPIC);
            });
            assertThat(described(CONFIGURED_TOPIC).configs()).containsOnly(Map.entry("retention.bytes", "1048576"));
        });
    }

    /** Sets one more override on the topic, keeping the one it had (KIP-339). */
    ServedVersionSample incrementalAlterConfigs() {
        createConfiguredTopic();
        IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(TOPIC_RESOURCE).setResourceName(CONFIGURED_TOPIC);
        resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig()
                .setName("retention.bytes").setConfigOperation(SET).setValue("1048576"));
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        request.resources().add(resource);
        return ServedVersionSample.answered(request, IncrementalAlterConfigsResponse.class, response -> {
            assertThat(response.data().responses()).singleElement().satisfies(result -> {
                assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
                assertThat(result.resourceType()).isEqualTo(TOPIC_RESOURCE);
                assertThat(result.resourceName()).isEqualTo(CONFIGURED_TOPIC);
            });
            assertThat(described(CONFIGURED_TOPIC).configs()).containsOnly(
                    Map.entry("retention.ms", "1000"), Map.entry("retention.bytes", "1048576"));
        });
    }

    /** Deletes the first record: the log now starts at offset 1. */
    ServedVersionSample deleteRecords() {
        DeleteRecordsTopic requested = new DeleteRecordsTopic().setName(topicName);
        requested.partitions().add(new DeleteRecordsPartition().setPartitionIndex(0).setOffset(1));
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(1_000);
        request.topics().add(requested);
        return ServedVersionSample.answered(request, DeleteRecordsResponse.class, response -> {
            DeleteRecordsPartitionResult result = response.data().topics().find(topicName).partitions().find(0);
            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
            assertThat(result.lowWatermark()).isEqualTo(1);
        });
    }

    /** Asks for the log directories holding partition 0, as kafka-log-dirs does. */
    ServedVersionSample describeLogDirs() {
        DescribeLogDirsRequestData request = new DescribeLogDirsRequestData();
        request.topics().add(new DescribableLogDirTopic().setTopic(topicName).setPartitions(List.of(0)));
        return ServedVersionSample.answered(request, DescribeLogDirsResponse.class, response -> {
            DescribeLogDirsResult directory = response.data().results().get(0);
            assertThat(Errors.forCode(directory.errorCode())).isEqualTo(Errors.NONE);
            assertThat(directory.topics()).singleElement().satisfies(topic -> {
                assertThat(topic.name()).isEqualTo(topicName);
                assertThat(topic.partitions()).singleElement().satisfies(partition ->
                        assertThat(partition.partitionSize()).isPositive());
            });
        });
    }

    /**
     * Elects the preferred leader of the topic's partition, which this broker, its only replica, leads already:
     * nothing to elect.
     */
    ServedVersionSample electLeaders() {
        ElectLeadersRequestData request = new ElectLeadersRequestData().setTimeoutMs(1_000);
        request.topicPartitions().add(new ElectLeadersRequestData.TopicPartitions()
                .setTopic(topicName).setPartitions(List.of(0)));
        return ServedVersionSample.answered(request, ElectLeadersResponse.class, response -> {
            assertThat(response.data().replicaElectionResults()).singleElement().satisfies(topic -> {
                assertThat(topic.topic()).isEqualTo(topicName);
                assertThat(topic.partitionResult()).singleElement().satisfies(partition ->
                        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.ELECTION_NOT_NEEDED));
            });
        });
    }

    /** Asks where the current leader epoch ends, as a consumer checking for truncation does (KIP-320). */
    ServedVersionSample offsetForLeaderEpoch() {
        OffsetForLeaderTopic requested = new OffsetForLeaderTopic().setTopic(topicName);
        requested.partitions().add(new OffsetForLeaderPartition()
                .setPartition(0).setCurrentLeaderEpoch(0).setLeaderEpoch(0));
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData()
                .setReplicaId(CONSUMER_REPLICA_ID);
        request.topics().add(requested);
        return ServedVersionSample.answered(request, OffsetsForLeaderEpochResponse.class, response -> {
            EpochEndOffset answer = response.data().topics().find(topicName).partitions().get(0);
            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
            assertThat(answer.leaderEpoch()).isZero();
            assertThat(answer.endOffset()).isEqualTo(logEndOffset);
        });
    }

    /** A topic with one override: {@code retention.ms=1000}. */
    private void createConfiguredTopic() {
        broker.core().createTopic().createTopic(new CreateTopicCommand(TopicName.of(CONFIGURED_TOPIC),
                OptionalInt.of(1), OptionalInt.empty(), Map.of("retention.ms", "1000"), false));
    }

    private Topic described(String name) {
        return broker.core().describeTopics().findTopic(TopicName.of(name)).orElseThrow();
    }
}
