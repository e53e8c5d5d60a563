package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four brokers, more voters than Kafka's default replication factor, driven by the real Java client: a topic
 * created without a replication factor gets three replicas per partition, every broker holds and leads its share,
 * and with one broker stopped every partition still takes acks=all writes and serves what was acknowledged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FourNodeClusterEndToEndTest {

    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 8;

    private RunningCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = RunningCluster.start(StorageKind.MEMORY, 4);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void shouldGiveATopicCreatedWithoutAFactorThreeReplicasAndEveryBrokerItsShare() throws Exception {
        try (Admin admin = cluster.admin()) {
            // when
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(PARTITIONS), Optional.empty()))).all().get();

            // then
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(admin.describeCluster().nodes().get()).extracting(Node::id)
                        .containsExactlyInAnyOrder(1, 2, 3, 4);
                List<TopicPartitionInfo> partitions = describe(admin).partitions();
                assertThat(partitions).allSatisfy(partition -> {
                    assertThat(partition.replicas()).hasSize(3).doesNotHaveDuplicates();
                    assertThat(partition.leader()).isEqualTo(partition.replicas().get(0));
                });
                assertThat(count(partitions, partition -> partition.leader().id()))
                        .containsOnly(Map.entry(1, 2L), Map.entry(2, 2L), Map.entry(3, 2L), Map.entry(4, 2L));
                assertThat(partitions.stream().flatMap(partition -> partition.replicas().stream())
                        .collect(Collectors.groupingBy(Node::id, Collectors.counting())))
                        .containsOnly(Map.entry(1, 6L), Map.entry(2, 6L), Map.entry(3, 6L), Map.entry(4, 6L));
            });
        }
    }

    @Test
    @Order(2)
    void shouldKeepEveryPartitionWritableAndLoseNothingWithOneBrokerStopped() throws Exception {
        // given
        Map<String, String> before = cluster.produce(TOPIC, PARTITIONS, "before", 40);

        // when
        cluster.stopNode(2);
        Map<String, String> after = cluster.produce(TOPIC, PARTITIONS, "after", 40);

        // then
        Map<String, String> read = cluster.consumeAll(TOPIC, PARTITIONS);
        assertThat(read).containsAllEntriesOf(before).containsAllEntriesOf(after).hasSize(80);
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(describe(admin).partitions())
                    .allSatisfy(partition -> {
                        assertThat(partition.leader()).isNotNull();
                        assertThat(partition.leader().id()).isNotEqualTo(2);
                        assertThat(partition.isr()).extracting(Node::id).doesNotContain(2);
                    }));
        }
    }

    private static Map<Integer, Long> count(List<TopicPartitionInfo> partitions,
                                            Function<TopicPartitionInfo, Integer> key) {
        return partitions.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static TopicDescription describe(Admin admin) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }
}
