package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeProducersOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Topics of replication factor 1, 2 and 3 side by side on three brokers, driven by the real Java client: each
 * partition on as many brokers as its topic asks for, leaders spread, every broker naming the same leader whether
 * it holds the partition or not, records produced and read back through all of them, a factor above the brokers
 * refused, a broker's death taking down only the partitions it alone held, and its restart bringing them back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterReplicationFactorEndToEndTest {

    private static final int PARTITIONS = 6;
    private static final short METADATA_V12 = 12;
    private static final Map<String, Short> FACTORS = Map.of("single", (short) 1, "pair", (short) 2,
            "defaulted", (short) 3);

    private RunningCluster cluster;
    /** What each topic's producer was acknowledged, by topic. */
    private final Map<String, Map<String, String>> acknowledgedByTopic = new TreeMap<>();

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
    void shouldPlaceEachPartitionOnAsManyBrokersAsItsTopicAsksAndSpreadTheLeaders() throws Exception {
        try (Admin admin = cluster.admin()) {
            // when
            admin.createTopics(List.of(new NewTopic("single", PARTITIONS, (short) 1),
                    new NewTopic("pair", PARTITIONS, (short) 2),
                    new NewTopic("defaulted", Optional.of(PARTITIONS), Optional.empty()))).all().get();

            // then
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (Map.Entry<String, Short> topic : FACTORS.entrySet()) {
                    TopicDescription description = describe(admin, topic.getKey());
                    Map<Integer, Long> leadersPerNode = description.partitions().stream()
                            .collect(Collectors.groupingBy(partition -> partition.leader() == null ? -1
                                    : partition.leader().id(), Collectors.counting()));
                    assertThat(leadersPerNode).as("leaders of %s", topic.getKey())
                            .containsOnly(Map.entry(1, 2L), Map.entry(2, 2L), Map.entry(3, 2L));
                    for (TopicPartitionInfo partition : description.partitions()) {
                        assertThat(partition.replicas()).as("replicas of %s-%d", topic.getKey(), partition.partition())
                                .hasSize(topic.getValue()).doesNotHaveDuplicates().contains(partition.leader());
                        assertThat(partition.isr()).containsExactlyInAnyOrderElementsOf(partition.replicas());
                        assertThat(partition.replicas().get(0)).as("preferred leader of %s-%d", topic.getKey(),
                                partition.partition()).isEqualTo(partition.leader());
                    }
                }
            });
        }
    }

    @Test
    @Order(2)
    void shouldNameTheSameLeaderOnEveryBrokerWhetherItHoldsThePartitionOrNot() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, List<String>> seenFromNodeOne = leaders(1);
            assertThat(seenFromNodeOne).hasSize(3).allSatisfy((topic, partitions) ->
                    assertThat(partitions).hasSize(PARTITIONS).noneMatch(partition -> partition.startsWith("-1")));
            assertThat(leaders(2)).isEqualTo(seenFromNodeOne);
            assertThat(leaders(3)).isEqualTo(seenFromNodeOne);
        });
    }

    @Test
    @Order(2)
    void shouldListInEachBrokersLogDirectoryExactlyTheReplicasItHolds() throws Exception {
        try (Admin admin = cluster.admin()) {
            Map<Integer, Set<String>> placed = new TreeMap<>();
            for (String topic : FACTORS.keySet()) {
                for (TopicPartitionInfo partition : describe(admin, topic).partitions()) {
                    partition.replicas().forEach(replica -> placed.computeIfAbsent(replica.id(), id -> new TreeSet<>())
                            .add(topic + "-" + partition.partition()));
                }
            }

            Map<Integer, Set<String>> listed = new TreeMap<>();
            admin.describeLogDirs(List.of(1, 2, 3)).allDescriptions().get(30, TimeUnit.SECONDS)
                    .forEach((broker, dirs) -> dirs.values().forEach(dir -> dir.replicaInfos().keySet().stream()
                            .filter(partition -> FACTORS.containsKey(partition.topic()))
                            .forEach(partition -> listed.computeIfAbsent(broker, id -> new TreeSet<>())
                                    .add(partition.topic() + "-" + partition.partition()))));

            // 6 of factor 1, 12 of factor 2 and 18 of factor 3 on three brokers: 12 on each
            assertThat(listed).isEqualTo(placed);
            assertThat(listed.values()).allSatisfy(replicas -> assertThat(replicas).hasSize(12));
        }
    }

    @Test
    @Order(3)
    void shouldServeWhatWasAcknowledgedOnTopicsOfEveryReplicationFactor() throws Exception {
        for (String topic : FACTORS.keySet()) {
            // when
            Map<String, String> acknowledged = cluster.produce(topic, PARTITIONS, topic, 60);
            acknowledgedByTopic.put(topic, acknowledged);

            // then
            assertThat(acknowledged).hasSize(60);
            assertThat(cluster.consumeAll(topic, PARTITIONS)).as("records of %s", topic)
                    .containsExactlyInAnyOrderEntriesOf(acknowledged);
        }
    }

    @Test
    @Order(4)
    void shouldRefuseAReplicationFactorAboveTheNumberOfBrokers() throws Exception {
        try (Admin admin = cluster.admin()) {
            Throwable refused = catchThrowable(() ->
                    admin.createTopics(List.of(new NewTopic("too-many", 1, (short) 4))).all().get());

            assertThat(refused).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(InvalidReplicationFactorException.class)
                    .hasMessageContaining("larger than available brokers: 3");
        }
    }

    @Test
    @Order(4)
    void shouldRefuseExplicitReplicaAssignmentsWhichTheClusterWouldNotFollow() throws Exception {
        try (Admin admin = cluster.admin()) {
            Throwable created = catchThrowable(() -> admin.createTopics(List.of(
                    new NewTopic("placed", Map.of(0, List.of(1, 2), 1, List.of(2, 3))))).all().get());
            Throwable grown = catchThrowable(() -> admin.createPartitions(Map.of("pair",
                    NewPartitions.increaseTo(PARTITIONS + 1, List.of(List.of(1, 3))))).all().get());

            for (Throwable refused : List.of(created, grown)) {
                assertThat(refused).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(InvalidReplicaAssignmentException.class)
                        .hasMessageContaining("give a replication factor instead");
            }
            assertThat(admin.listTopics().names().get()).doesNotContain("placed");
            assertThat(describe(admin, "pair").partitions()).hasSize(PARTITIONS);
        }
    }

    @Test
    @Order(4)
    void shouldDescribeAPartitionsProducersFromEachOfItsReplicasAsKafkaDoes() throws Exception {
        TopicPartition partition = new TopicPartition("defaulted", 0);
        try (Admin admin = cluster.admin()) {
            TopicPartitionInfo placed = describe(admin, "defaulted").partitions().get(0);

            // the idempotent producer of the records acknowledged before, on the leader and on each follower alike,
            // once the followers have applied what the leader acknowledged
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<Integer, List<Long>> producersByReplica = new TreeMap<>();
                for (Node replica : placed.replicas()) {
                    producersByReplica.put(replica.id(), admin.describeProducers(List.of(partition),
                                    new DescribeProducersOptions().brokerId(replica.id()))
                            .partitionResult(partition).get().activeProducers().stream()
                            .map(ProducerState::producerId).toList());
                }
                assertThat(producersByReplica).hasSize(3);
                assertThat(producersByReplica.get(placed.leader().id())).hasSize(1);
                assertThat(producersByReplica.values()).allSatisfy(producers -> assertThat(producers)
                        .isEqualTo(producersByReplica.get(placed.leader().id())));
            });
        }
    }

    @Test
    @Order(4)
    void shouldTakeAMinInSyncReplicasAMajorityMeetsAndRefuseOneAboveIt() throws Exception {
        try (Admin admin = cluster.admin()) {
            // when
            Throwable refused = catchThrowable(() -> admin.createTopics(List.of(new NewTopic("all-three", PARTITIONS,
                    (short) 3).configs(Map.of("min.insync.replicas", "3")))).all().get());
            admin.createTopics(List.of(new NewTopic("guarded", PARTITIONS, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();

            // then
            assertThat(refused).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("min.insync.replicas")
                    .hasMessageContaining("takes at most 2");
            assertThat(admin.listTopics().names().get()).contains("guarded").doesNotContain("all-three");
        }
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            try (Admin admin = admin(nodeId)) {
                ConfigResource guarded = new ConfigResource(ConfigResource.Type.TOPIC, "guarded");
                ConfigEntry minInSync = admin.describeConfigs(List.of(guarded)).all().get().get(guarded)
                        .get("min.insync.replicas");
                assertThat(minInSync.value()).as("min.insync.replicas on node %d", nodeId).isEqualTo("2");
                assertThat(minInSync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            }
        }
    }

    @Test
    @Order(5)
    void shouldTakeDownOnlyThePartitionsTheStoppedBrokerAloneHeld() throws Exception {
        // when
        cluster.stopNode(3);

        // then
        try (Admin admin = admin(1)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (TopicPartitionInfo partition : describe(admin, "single").partitions()) {
                    boolean onStopped = partition.replicas().get(0).id() == 3;
                    assertThat(partition.leader() == null || partition.leader().id() < 0)
                            .as("single-%d on node %d has no leader", partition.partition(),
                                    partition.replicas().get(0).id())
                            .isEqualTo(onStopped);
                }
                for (TopicPartitionInfo partition : describe(admin, "defaulted").partitions()) {
                    assertThat(partition.leader()).isNotNull();
                    assertThat(partition.leader().id()).isIn(1, 2);
                }
            });
        }
        Map<String, String> acknowledged = cluster.produce("defaulted", PARTITIONS, "after", 30);
        assertThat(cluster.consumeAll("defaulted", PARTITIONS)).containsAllEntriesOf(acknowledged);
        // two of three replicas in sync are what min.insync.replicas=2 asks of an acks=all produce
        Map<String, String> guarded = cluster.produce("guarded", PARTITIONS, "guarded", 30);
        assertThat(guarded).hasSize(30);
        assertThat(cluster.consumeAll("guarded", PARTITIONS)).containsExactlyInAnyOrderEntriesOf(guarded);
    }

    @Test
    @Order(6)
    void shouldBringBackThePartitionsARestartedBrokerAloneHeldWithTheirRecords() throws Exception {
        // when
        cluster.startNode(3);

        // then
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(describe(admin, "single").partitions()).allSatisfy(partition -> {
                        assertThat(partition.leader()).isNotNull();
                        assertThat(partition.leader().id()).isEqualTo(partition.replicas().get(0).id());
                    }));
        }
        assertThat(cluster.consumeAll("single", PARTITIONS)).as("every record, those of node 3's partitions back")
                .containsExactlyInAnyOrderEntriesOf(acknowledgedByTopic.get("single"));
    }

    /**
     * The leader, leader epoch and replicas of each partition of every topic, as one broker's Metadata response
     * names them, asked of that broker alone.
     */
    private Map<String, List<String>> leaders(int nodeId) throws Exception {
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(false);
        FACTORS.keySet().forEach(topic -> request.topics().add(new MetadataRequestData.MetadataRequestTopic()
                .setName(topic)));
        MetadataResponseData response = ((MetadataResponse) cluster.call(nodeId, METADATA_V12, request)).data();
        Map<String, List<String>> leaders = new TreeMap<>();
        for (MetadataResponseData.MetadataResponseTopic topic : response.topics()) {
            assertThat(Errors.forCode(topic.errorCode())).isEqualTo(Errors.NONE);
            leaders.put(topic.name(), topic.partitions().stream()
                    .sorted(Comparator.comparingInt(MetadataResponseData.MetadataResponsePartition::partitionIndex))
                    .map(partition -> partition.leaderId() + "@" + partition.leaderEpoch() + " of "
                            + partition.replicaNodes())
                    .toList());
        }
        return leaders;
    }

    /** An admin client that asks one broker only. */
    private Admin admin(int nodeId) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(nodeId)));
    }

    private static TopicDescription describe(Admin admin, String topic) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }
}
