package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Three brokers replicating through Raft in this JVM, driven by the real Java client: leaders spread, a write
 * acknowledged with acks=all, a consumer reading from any node, a stopped leader losing nothing, the stopped
 * node catching up and leading again, and a group's committed offsets outliving its coordinator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterEndToEndTest {

    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;

    private RunningCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = RunningCluster.start(StorageKind.MEMORY, 3);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void shouldListEveryBrokerAndSpreadTheLeadersOfATopic() throws Exception {
        try (Admin admin = cluster.admin()) {
            // when
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get();

            // then
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                Map<Integer, Long> leadersPerNode = describe(admin).partitions().stream()
                        .collect(Collectors.groupingBy(partition -> partition.leader() == null ? -1
                                : partition.leader().id(), Collectors.counting()));
                assertThat(leadersPerNode).containsOnly(Map.entry(1, 2L), Map.entry(2, 2L), Map.entry(3, 2L));
            });
            for (TopicPartitionInfo partition : describe(admin).partitions()) {
                assertThat(partition.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                assertThat(partition.isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            }
        }
    }

    @Test
    @Order(2)
    void shouldShowAGroupsConfigsSetOnOneNodeOnEveryNode() throws Exception {
        // when a group's own session timeout is set through node 1
        String group = "replicated-configs";
        try (RawProducer node1 = new RawProducer(port(1))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
            IncrementalAlterConfigsResponseData altered = ((IncrementalAlterConfigsResponse) node1.call(
                    new IncrementalAlterConfigsRequest.Builder(Map.of(resource, List.of(new AlterConfigOp(
                            new ConfigEntry("consumer.session.timeout.ms", "50000"), AlterConfigOp.OpType.SET))),
                            false).build((short) 1))).data();
            assertThat(altered.responses()).extracting(response -> Errors.forCode(response.errorCode()))
                    .containsExactly(Errors.NONE);
        }

        // then every node describes it as the group's own
        for (int node = 1; node <= 3; node++) {
            try (RawProducer client = new RawProducer(port(node))) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    DescribeConfigsResponseData.DescribeConfigsResult described = ((DescribeConfigsResponse) client.call(
                            new DescribeConfigsRequest.Builder(new DescribeConfigsRequestData().setResources(List.of(
                                    new DescribeConfigsRequestData.DescribeConfigsResource()
                                            .setResourceType(ConfigResource.Type.GROUP.id()).setResourceName(group)
                                            .setConfigurationKeys(List.of("consumer.session.timeout.ms")))))
                                    .build((short) 4))).data().results().get(0);
                    assertThat(described.configs()).singleElement().satisfies(config -> {
                        assertThat(config.value()).isEqualTo("50000");
                        assertThat(config.configSource())
                                .isEqualTo(DescribeConfigsResponse.ConfigSource.GROUP_CONFIG.id());
                    });
                });
            }
        }
    }

    private int port(int nodeId) {
        String servers = cluster.bootstrapServers(nodeId);
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    @Test
    @Order(3)
    void shouldServeWhatWasAcknowledgedWithAcksAllFromTheLeaders() throws Exception {
        // given
        Map<String, String> acknowledged = cluster.produce(TOPIC, PARTITIONS, "before", 60);

        // then
        assertThat(consumeAll()).containsAllEntriesOf(acknowledged);
    }

    @Test
    @Order(4)
    void shouldLoseNothingAcknowledgedWhenALeaderDies() throws Exception {
        // given
        int leader;
        try (Admin admin = cluster.admin()) {
            leader = describe(admin).partitions().get(0).leader().id();
        }
        Map<String, String> before = cluster.produce(TOPIC, PARTITIONS, "more", 30);

        // when
        cluster.stopNode(leader);
        Map<String, String> after = cluster.produce(TOPIC, PARTITIONS, "after", 30);

        // then
        Map<String, String> read = consumeAll();
        assertThat(read).containsAllEntriesOf(before);
        assertThat(read).containsAllEntriesOf(after);
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (TopicPartitionInfo partition : describe(admin).partitions()) {
                    assertThat(partition.leader()).isNotNull();
                    assertThat(partition.leader().id()).isNotEqualTo(leader);
                }
            });
        }
    }

    @Test
    @Order(5)
    void shouldDescribeTheMetadataQuorumFromEveryRunningNodeWithTheStoppedVoterBehind() throws Exception {
        // given a voter stopped (the leader the test before killed), and the metadata log moved on since
        int stopped = stoppedNode();
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("quorum-moves-on", 1, (short) 1))).all().get();
        }

        // when each running node is asked, as kafka-metadata-quorum.sh asks the one it is given
        List<QuorumInfo> described = new ArrayList<>();
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            if (cluster.isRunning(nodeId)) {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(nodeId)))) {
                    described.add(admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS));
                }
            }
        }

        // then every node answers with the leader's view: the same leader, a running one, and the three voters
        assertThat(described).hasSize(2);
        int leader = described.get(0).leaderId();
        assertThat(leader).isNotEqualTo(stopped);
        for (QuorumInfo quorum : described) {
            assertThat(quorum.leaderId()).isEqualTo(leader);
            assertThat(quorum.leaderEpoch()).isPositive();
            assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId)
                    .containsExactlyInAnyOrder(1, 2, 3);
            assertThat(quorum.observers()).isEmpty();
            assertThat(voter(quorum, leader).logEndOffset()).isGreaterThanOrEqualTo(quorum.highWatermark());
            assertThat(voter(quorum, stopped).logEndOffset()).as("the stopped voter's log")
                    .isLessThan(quorum.highWatermark());
            assertThat(quorum.nodes()).containsOnlyKeys(1, 2, 3);
            assertThat(quorum.nodes().get(stopped).endpoints()).singleElement()
                    .satisfies(endpoint -> assertThat(endpoint.listener()).isEqualTo("CONTROLLER"));
        }
        // the running follower holds what is committed and answered the leader after the stopped voter last did
        int follower = 6 - leader - stopped;
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
                assertThat(voter(quorum, follower).logEndOffset()).isGreaterThanOrEqualTo(quorum.highWatermark());
                assertThat(voter(quorum, follower).lastCaughtUpTimestamp()).isPresent();
                assertThat(voter(quorum, follower).lastFetchTimestamp().getAsLong())
                        .isGreaterThan(voter(quorum, stopped).lastFetchTimestamp().orElse(-1));
            });
        }
    }

    private static QuorumInfo.ReplicaState voter(QuorumInfo quorum, int nodeId) {
        return quorum.voters().stream().filter(voter -> voter.replicaId() == nodeId).findFirst().orElseThrow();
    }

    @Test
    @Order(6)
    void shouldTakeARestartedNodeBackIntoSyncAndGiveItsPartitionsBack() throws Exception {
        // given
        int stopped = stoppedNode();

        // when
        cluster.startNode(stopped);

        // then
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<Integer, Long> leadersPerNode = describe(admin).partitions().stream()
                        .collect(Collectors.groupingBy(partition -> partition.leader() == null ? -1
                                : partition.leader().id(), Collectors.counting()));
                assertThat(leadersPerNode).containsOnly(Map.entry(1, 2L), Map.entry(2, 2L), Map.entry(3, 2L));
                for (TopicPartitionInfo partition : describe(admin).partitions()) {
                    assertThat(partition.isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                }
            });
        }
        assertThat(consumeAll()).hasSize(60 + 30 + 30);
    }

    @Test
    @Order(7)
    void shouldKeepAGroupsCommittedOffsetsWhenItsCoordinatorDies() throws Exception {
        // given
        String group = "billing";
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.subscribe(List.of(TOPIC));
            int read = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read < 40 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
            committed = new HashMap<>(consumer.committed(consumer.assignment()));
            committed.values().removeIf(Objects::isNull);
        }
        assertThat(committed.values()).isNotEmpty();
        int coordinator;
        try (Admin admin = cluster.admin()) {
            coordinator = admin.describeConsumerGroups(List.of(group)).all().get().get(group).coordinator().id();
        }

        // when
        cluster.stopNode(coordinator);

        // then
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                            .containsAllEntriesOf(committed));
        }
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200));
                return consumer.assignment().size() == PARTITIONS;
            });
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                assertThat(consumer.position(entry.getKey())).isGreaterThanOrEqualTo(entry.getValue().offset());
            }
        }
    }

    @Test
    @Order(8)
    void shouldRefuseWritesWithoutAMajority() throws Exception {
        // given: one node is down since the last test; stopping a second leaves no majority
        int survivor = -1;
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            if (cluster.isRunning(nodeId) && survivor < 0) {
                survivor = nodeId;
            } else if (cluster.isRunning(nodeId)) {
                cluster.stopNode(nodeId);
            }
        }

        // when
        Throwable refused;
        KafkaProducer<String, String> producer = cluster.producer(Map.of("enable.idempotence", false,
                "delivery.timeout.ms", 8_000, "request.timeout.ms", 4_000, "max.block.ms", 8_000));
        try {
            refused = catchThrowable(() ->
                    producer.send(new ProducerRecord<>(TOPIC, 0, "lost", "lost")).get(30, TimeUnit.SECONDS));
        } finally {
            producer.close(Duration.ofSeconds(5));
        }

        // then
        assertThat(refused).isNotNull();
    }

    private int stoppedNode() {
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            if (!cluster.isRunning(nodeId)) {
                return nodeId;
            }
        }
        throw new IllegalStateException("No node is stopped");
    }

    private TopicDescription describe(Admin admin) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }

    /** Every record of the topic, by partition and offset, read with a consumer from the start. */
    private Map<String, String> consumeAll() {
        return cluster.consumeAll(TOPIC, PARTITIONS);
    }
}
