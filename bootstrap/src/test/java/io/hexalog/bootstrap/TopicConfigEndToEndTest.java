package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DescribeConfigs and IncrementalAlterConfigs with the real AdminClient. */
@OnEveryStorage
class TopicConfigEndToEndTest extends BrokerEndToEndTest {

    @Test
    void shouldDescribeATopicsConfigsWithSourcesSynonymsAndDocumentation() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("described", 1, (short) 1)
                    .configs(Map.of("retention.ms", "60000")))).all().get();

            Config config = describe(admin, topic("described"), new DescribeConfigsOptions()
                    .includeSynonyms(true).includeDocumentation(true));

            ConfigEntry retention = config.get("retention.ms");
            assertThat(retention.value()).isEqualTo("60000");
            assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(retention.isReadOnly()).isFalse();
            assertThat(retention.isSensitive()).isFalse();
            assertThat(retention.type()).isEqualTo(ConfigEntry.ConfigType.LONG);
            assertThat(retention.documentation()).contains("milliseconds");
            assertThat(retention.synonyms()).extracting(ConfigEntry.ConfigSynonym::name)
                    .containsExactly("retention.ms", "log.retention.ms");
            ConfigEntry maxBytes = config.get("max.message.bytes");
            assertThat(maxBytes.value()).isEqualTo("1048588");
            assertThat(maxBytes.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config.get("message.timestamp.type").value()).isEqualTo("CreateTime");
            assertThat(config.get("segment.bytes").value()).isEqualTo("1073741824");
            assertThat(config.get("min.cleanable.dirty.ratio").type()).isEqualTo(ConfigEntry.ConfigType.DOUBLE);
            assertThat(config.get("segment.index.bytes")).isNull();
        }
    }

    @Test
    void shouldAnswerCreateTopicsWithTheTopicsConfigsPartitionsAndReplicationFactor() throws Exception {
        try (Admin admin = BROKER.admin()) {
            CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("answered", 3, (short) 1)
                    .configs(Map.of("retention.ms", "60000"))));

            Config config = created.config("answered").get();
            assertThat(config.get("retention.ms").value()).isEqualTo("60000");
            assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(config.get("max.message.bytes").value()).isEqualTo("1048588");
            assertThat(config.get("max.message.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(config.get("max.message.bytes").isReadOnly()).isFalse();
            assertThat(created.numPartitions("answered").get()).isEqualTo(3);
            assertThat(created.replicationFactor("answered").get()).isEqualTo(1);
        }
    }

    @Test
    void shouldAnswerAValidateOnlyCreateTopicsWithTheConfigsTheTopicWouldHave() throws Exception {
        try (Admin admin = BROKER.admin()) {
            CreateTopicsResult validated = admin.createTopics(List.of(new NewTopic("unborn", 2, (short) 1)
                    .configs(Map.of("retention.ms", "60000"))), new CreateTopicsOptions().validateOnly(true));

            assertThat(validated.config("unborn").get().get("retention.ms").value()).isEqualTo("60000");
            assertThat(validated.numPartitions("unborn").get()).isEqualTo(2);
            assertThat(admin.listTopics().names().get()).doesNotContain("unborn");
        }
    }

    @Test
    void shouldDescribeTheBrokersConfigs() throws Exception {
        try (Admin admin = BROKER.admin()) {
            Config config = describe(admin, new ConfigResource(ConfigResource.Type.BROKER, "1"), new DescribeConfigsOptions());

            assertThat(config.get("num.partitions").value()).isEqualTo("1");
            assertThat(config.get("log.retention.ms").value()).isEqualTo("604800000");
            assertThat(config.get("message.max.bytes").value()).isEqualTo("1048588");
            assertThat(config.get("log.retention.check.interval.ms").value()).isEqualTo("300000");
            assertThat(config.entries()).allSatisfy(entry -> assertThat(entry.isReadOnly()).isTrue());
            // the cluster-wide dynamic defaults: there are none, every broker config is static
            assertThat(describe(admin, new ConfigResource(ConfigResource.Type.BROKER, ""), new DescribeConfigsOptions())
                    .entries()).isEmpty();
        }
    }

    @Test
    void shouldSetDeleteAppendAndSubtractTopicConfigs() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("altered", 1, (short) 1)
                    .configs(Map.of("retention.bytes", "1000000")))).all().get();
            ConfigResource topic = topic("altered");

            alter(admin, topic, List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("retention.bytes", null), AlterConfigOp.OpType.DELETE),
                    new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND)));

            Config altered = describe(admin, topic, new DescribeConfigsOptions());
            assertThat(altered.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(altered.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(altered.get("retention.bytes").value()).isEqualTo("-1");
            assertThat(altered.get("retention.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(altered.get("cleanup.policy").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

            alter(admin, topic, List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"),
                    AlterConfigOp.OpType.SUBTRACT)));
            assertThat(describe(admin, topic, new DescribeConfigsOptions()).get("cleanup.policy").value()).isEqualTo("delete");
        }
    }

    @Test
    void shouldChangeNothingWhenOnlyValidating() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("dry-config", 1, (short) 1))).all().get();
            ConfigResource topic = topic("dry-config");

            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                            new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET))),
                    new AlterConfigsOptions().validateOnly(true)).all().get();

            assertThat(describe(admin, topic, new DescribeConfigsOptions()).get("retention.ms").value()).isEqualTo("604800000");
        }
    }

    @Test
    void shouldRefuseInvalidConfigsWithKafkasErrors() throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic("strict", 1, (short) 1))).all().get();
            ConfigResource topic = topic("strict");

            assertThat(alterFailure(admin, topic, set("no.such.config", "1")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("no.such.config");
            assertThat(alterFailure(admin, topic, set("cleanup.policy", "compact,purge")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("cleanup.policy");
            assertThat(alterFailure(admin, topic, set("segment.bytes", "1048575")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.bytes");
            assertThat(alterFailure(admin, topic, set("min.cleanable.dirty.ratio", "2")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("min.cleanable.dirty.ratio");
            assertThat(alterFailure(admin, topic, set("retention.ms", "soon")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.ms");
            assertThat(alterFailure(admin, topic, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "5"),
                    AlterConfigOp.OpType.APPEND))))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.ms");
            assertThat(alterFailure(admin, topic("absent"), set("retention.ms", "5")))
                    .isInstanceOf(UnknownTopicOrPartitionException.class);
            assertThat(alterFailure(admin, new ConfigResource(ConfigResource.Type.BROKER, "1"), set("num.partitions", "3")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> describe(admin, topic("absent"), new DescribeConfigsOptions()))
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("lagging", 1, (short) 1)
                    .configs(Map.of("min.compaction.lag.ms", "20", "max.compaction.lag.ms", "10")))).all().get())
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
            assertThat(admin.listTopics().names().get()).doesNotContain("lagging");
            assertThat(describe(admin, topic, new DescribeConfigsOptions()).get("retention.ms").value()).isEqualTo("604800000");
        }
    }

    @Test
    void shouldTakeMinInSyncReplicasAndAnAcksAllProduceWhichOneReplicaMeetsAsKafkaDoes() throws Exception {
        try (Admin admin = BROKER.admin()) {
            // given a topic of one replica that asks for two in sync: Kafka never asks for more than the replicas
            admin.createTopics(List.of(new NewTopic("guarded", 1, (short) 1)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();

            Config config = describe(admin, topic("guarded"), new DescribeConfigsOptions().includeSynonyms(true));
            ConfigEntry minInSync = config.get("min.insync.replicas");
            assertThat(minInSync.value()).isEqualTo("2");
            assertThat(minInSync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(minInSync.type()).isEqualTo(ConfigEntry.ConfigType.INT);
            assertThat(minInSync.synonyms()).extracting(ConfigEntry.ConfigSynonym::name)
                    .containsExactly("min.insync.replicas", "min.insync.replicas");
            assertThat(alterFailure(admin, topic("guarded"), set("min.insync.replicas", "0")))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("min.insync.replicas");

            // when a producer sends with acks=all, then it is acknowledged
            try (KafkaProducer<String, String> producer = BROKER.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                RecordMetadata sent = producer.send(new ProducerRecord<>("guarded", "key", "value")).get();
                assertThat(sent.offset()).isZero();
            }
        }
    }

    @Test
    void shouldRefuseToCreateInternalTopics() throws Exception {
        try (Admin admin = BROKER.admin()) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("__consumer_offsets", 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(InvalidRequestException.class);
        }
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private static List<AlterConfigOp> set(String name, String value) {
        return List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
    }

    private static Config describe(Admin admin, ConfigResource resource, DescribeConfigsOptions options) throws Exception {
        return admin.describeConfigs(List.of(resource), options).all().get().get(resource);
    }

    private static void alter(Admin admin, ConfigResource resource, Collection<AlterConfigOp> ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
    }

    private static Throwable alterFailure(Admin admin, ConfigResource resource, Collection<AlterConfigOp> ops)
            throws InterruptedException {
        try {
            alter(admin, resource, ops);
            throw new AssertionError("Altering " + resource + " should have failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
