package io.hexalog.junit.endtoend;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import io.hexalog.junit.BootstrapServers;
import io.hexalog.junit.HexalogBroker;
import io.hexalog.junit.Storage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic administration with the real AdminClient. */
class TopicAdminEndToEndTest {

    @Nested
    @HexalogBroker(storage = Storage.MEMORY)
    class OnMemory extends Tests {
    }

    @Nested
    @HexalogBroker(storage = Storage.ROCKSDB)
    class OnRocksDb extends Tests {
    }

    abstract static class Tests {

        @BootstrapServers
        String servers;

        @Test
        void shouldCreateListDescribeAndDeleteTopics() throws Exception {
            try (Admin admin = Clients.admin(servers)) {
                // when two topics are created
                admin.createTopics(List.of(new NewTopic("payments", 4, (short) 1),
                        new NewTopic("refunds", Optional.empty(), Optional.empty()))).all().get();

                // then they are listed and described with IDs, partitions and this broker as leader
                assertThat(admin.listTopics().names().get()).contains("payments", "refunds");
                Map<String, TopicDescription> described = admin.describeTopics(List.of("payments", "refunds"))
                        .allTopicNames().get();
                TopicDescription payments = described.get("payments");
                assertThat(payments.partitions()).hasSize(4);
                assertThat(payments.topicId()).isNotEqualTo(Uuid.ZERO_UUID);
                assertThat(payments.partitions()).allSatisfy(partition -> {
                    assertThat(partition.leader().id()).isEqualTo(1);
                    assertThat(partition.replicas()).hasSize(1);
                    assertThat(partition.isr()).hasSize(1);
                });
                assertThat(described.get("refunds").partitions()).hasSize(1);

                // and a topic can be described by its ID
                Map<Uuid, TopicDescription> byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(payments.topicId())))
                        .allTopicIds().get();
                assertThat(byId.get(payments.topicId()).name()).isEqualTo("payments");

                // when one is deleted
                admin.deleteTopics(List.of("refunds")).all().get();

                // then it is gone
                assertThat(admin.listTopics().names().get()).contains("payments").doesNotContain("refunds");
                assertThatThrownBy(() -> admin.describeTopics(List.of("refunds")).allTopicNames().get())
                        .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            }
        }

        @Test
        void shouldDeleteTopicsByIdAndRecreateThemWithANewId() throws Exception {
            try (Admin admin = Clients.admin(servers)) {
                admin.createTopics(List.of(new NewTopic("reborn", 1, (short) 1))).all().get();
                Uuid first = admin.describeTopics(List.of("reborn")).allTopicNames().get().get("reborn").topicId();

                admin.deleteTopics(TopicCollection.ofTopicIds(List.of(first))).all().get();
                admin.createTopics(List.of(new NewTopic("reborn", 2, (short) 1))).all().get();

                TopicDescription second = admin.describeTopics(List.of("reborn")).allTopicNames().get().get("reborn");
                assertThat(second.topicId()).isNotEqualTo(first);
                assertThat(second.partitions()).hasSize(2);
            }
        }

        @Test
        void shouldValidateWithoutCreating() throws Exception {
            try (Admin admin = Clients.admin(servers)) {
                admin.createTopics(List.of(new NewTopic("dry-run", 3, (short) 1)),
                        new CreateTopicsOptions().validateOnly(true)).all().get();

                assertThat(admin.listTopics().names().get()).doesNotContain("dry-run");
            }
        }

        @Test
        void shouldRefuseInvalidTopicsWithKafkasErrors() throws Exception {
            try (Admin admin = Clients.admin(servers)) {
                admin.createTopics(List.of(new NewTopic("taken", 1, (short) 1))).all().get();

                assertThat(createFailure(admin, new NewTopic("taken", 1, (short) 1))).isInstanceOf(TopicExistsException.class);
                assertThat(createFailure(admin, new NewTopic("bad/name", 1, (short) 1))).isInstanceOf(InvalidTopicException.class);
                assertThat(createFailure(admin, new NewTopic("x".repeat(250), 1, (short) 1)))
                        .isInstanceOf(InvalidTopicException.class);
                assertThat(createFailure(admin, new NewTopic("no-partitions", 0, (short) 1)))
                        .isInstanceOf(InvalidPartitionsException.class);
                assertThat(createFailure(admin, new NewTopic("three-replicas", 1, (short) 3)))
                        .isInstanceOf(InvalidReplicationFactorException.class);
                assertThat(admin.listTopics().names().get()).contains("taken")
                        .doesNotContain("no-partitions", "three-replicas");
            }
        }

        @Test
        void shouldDescribeTheCluster() throws Exception {
            try (Admin admin = Clients.admin(servers)) {
                DescribeClusterResult cluster = admin.describeCluster();

                assertThat(cluster.clusterId().get()).hasSize(22);
                assertThat(cluster.controller().get().id()).isEqualTo(1);
                assertThat(cluster.nodes().get()).singleElement().satisfies(node -> {
                    assertThat(node.host()).isEqualTo("127.0.0.1");
                    assertThat(node.port()).isEqualTo(Clients.port(servers));
                });
            }
        }

        private static Throwable createFailure(Admin admin, NewTopic topic) throws InterruptedException {
            try {
                admin.createTopics(List.of(topic)).all().get();
                throw new AssertionError("Creating " + topic.name() + " should have failed");
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    }
}
