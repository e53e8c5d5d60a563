package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who leads what, as clients learn it from three brokers replicating through Raft in this JVM: a Produce or Fetch
 * sent to a follower names the leader and where it listens (KIP-951), and the AdminClient's preferred leader
 * election finds nothing to do while every preferred replica leads, refuses while one is down, and leaves the
 * preferred replica leading once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterLeadershipEndToEndTest {

    private static final String TOPIC = "leadership";
    private static final int PARTITIONS = 6;
    private static final short PRODUCE_V12 = 12;
    private static final short FETCH_V16 = 16;
    private static final TopicPartition FIRST = new TopicPartition(TOPIC, 0);

    private RunningCluster cluster;

    @BeforeAll
    void startClusterWithATopic() throws Exception {
        cluster = RunningCluster.start(StorageKind.MEMORY, 3);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(describe(admin).partitions()).allSatisfy(partition -> {
                        assertThat(partition.leader()).isNotNull();
                        assertThat(partition.leader()).isEqualTo(partition.replicas().get(0));
                    }));
        }
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void shouldNameTheLeaderAndWhereItListensWhenAProduceOrFetchReachesAFollower() throws Exception {
        // given
        TopicDescription topic;
        try (Admin admin = cluster.admin()) {
            topic = describe(admin);
        }
        Node leader = topic.partitions().get(0).leader();
        int follower = IntStream.rangeClosed(1, 3).filter(node -> node != leader.id()).findFirst().orElseThrow();

        // when
        ProduceResponseData produced = ((ProduceResponse) cluster.call(follower, PRODUCE_V12, produceRequest())).data();
        FetchResponseData fetched = ((FetchResponse) cluster.call(follower, FETCH_V16,
                fetchRequest(topic.topicId()))).data();

        // then
        ProduceResponseData.PartitionProduceResponse producedPartition =
                produced.responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(producedPartition.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(producedPartition.currentLeader().leaderId()).isEqualTo(leader.id());
        assertThat(producedPartition.currentLeader().leaderEpoch()).isPositive();
        assertThat(produced.nodeEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.nodeId()).isEqualTo(leader.id());
            assertThat(endpoint.host()).isEqualTo(leader.host());
            assertThat(endpoint.port()).isEqualTo(leader.port());
        });
        FetchResponseData.PartitionData fetchedPartition = fetched.responses().get(0).partitions().get(0);
        assertThat(Errors.forCode(fetchedPartition.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(fetchedPartition.currentLeader().leaderId()).isEqualTo(leader.id());
        assertThat(fetchedPartition.currentLeader().leaderEpoch())
                .isEqualTo(producedPartition.currentLeader().leaderEpoch());
        assertThat(fetched.nodeEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.nodeId()).isEqualTo(leader.id());
            assertThat(endpoint.port()).isEqualTo(leader.port());
        });
    }

    @Test
    @Order(2)
    void shouldFindNoElectionNeededWhileEveryPreferredReplicaLeads() throws Exception {
        try (Admin admin = cluster.admin()) {
            // when
            Map<TopicPartition, Optional<Throwable>> named = admin.electLeaders(ElectionType.PREFERRED,
                    allPartitions()).partitions().get();
            Map<TopicPartition, Optional<Throwable>> everything = admin.electLeaders(ElectionType.PREFERRED, null)
                    .partitions().get();

            // then
            assertThat(named).hasSize(PARTITIONS).allSatisfy((partition, outcome) ->
                    assertThat(outcome).containsInstanceOf(ElectionNotNeededException.class));
            assertThat(everything).isEmpty();
        }
    }

    @Test
    @Order(3)
    void shouldRefuseThePreferredElectionWhileThePreferredReplicaIsDown() throws Exception {
        // given
        int preferred;
        try (Admin admin = cluster.admin()) {
            preferred = describe(admin).partitions().get(0).replicas().get(0).id();
        }
        cluster.stopNode(preferred);

        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TopicPartitionInfo partition = describe(admin).partitions().get(0);
                assertThat(partition.leader()).isNotNull();
                assertThat(partition.isr()).extracting(Node::id).doesNotContain(preferred);
            });

            // when
            Optional<Throwable> outcome = admin.electLeaders(ElectionType.PREFERRED, Set.of(FIRST))
                    .partitions().get().get(FIRST);

            // then
            assertThat(outcome).containsInstanceOf(PreferredLeaderNotAvailableException.class);
        }
    }

    @Test
    @Order(4)
    void shouldLeaveThePreferredReplicaLeadingOnceItIsBackAndElected() throws Exception {
        // given
        int preferred = IntStream.rangeClosed(1, 3).filter(node -> !cluster.isRunning(node)).findFirst().orElseThrow();
        cluster.startNode(preferred);

        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    describe(admin).partitions().get(0).isr()).extracting(Node::id).contains(preferred));

            // when
            Optional<Throwable> outcome = admin.electLeaders(ElectionType.PREFERRED, Set.of(FIRST))
                    .partitions().get().get(FIRST);

            // then: elected now, or moved back already by the group's own priority
            assertThat(outcome.filter(failure -> !(failure instanceof ElectionNotNeededException))).isEmpty();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(describe(admin).partitions().get(0).leader().id()).isEqualTo(preferred));
        }
    }

    @Test
    @Order(5)
    void shouldHandTheLeadershipOfItsPartitionsToOtherNodesBeforeANodeThatShutsDownStops() throws Exception {
        // given every preferred replica leading, two partitions each, and a client of the two other nodes
        int stopping;
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(describe(admin).partitions())
                    .allSatisfy(partition -> assertThat(partition.leader()).isEqualTo(partition.replicas().get(0))));
            stopping = describe(admin).partitions().get(0).leader().id();
        }
        String others = IntStream.rangeClosed(1, 3).filter(node -> node != stopping)
                .mapToObj(cluster::bootstrapServers).collect(Collectors.joining(","));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, others))) {
            assertThat(describe(admin).partitions()).hasSize(PARTITIONS);

            // when that node shuts down as its process does when told to stop
            int stillLed = cluster.shutDownNode(stopping);

            // then it handed every group over before it stopped: clients find the new leaders at once, within the
            // shortest election timeout (1 s) that would pass before the others stood for election after a crash
            assertThat(stillLed).as("groups the node still led as it stopped").isZero();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(describe(admin).partitions()).allSatisfy(partition -> {
                        assertThat(partition.leader()).isNotNull();
                        assertThat(partition.leader().id()).isNotEqualTo(stopping);
                    }));
        }
    }

    @Test
    @Order(6)
    void shouldGiveANodeThatShutDownItsPreferredLeadershipsBackOnceItIsStartedAgain() throws Exception {
        // given
        int stopped = IntStream.rangeClosed(1, 3).filter(node -> !cluster.isRunning(node)).findFirst().orElseThrow();

        // when
        cluster.startNode(stopped);

        // then the priority it gave up as it stopped is its own again, and its preferred partitions come back
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(describe(admin).partitions())
                    .allSatisfy(partition -> assertThat(partition.leader()).isEqualTo(partition.replicas().get(0))));
        }
    }

    @Test
    @Order(7)
    void shouldStopEveryNodeAtOnceWithoutHandingGroupsToNodesThatStopToo() throws Exception {
        // given every preferred replica leading again
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(describe(admin).partitions())
                    .allSatisfy(partition -> assertThat(partition.leader()).isEqualTo(partition.replicas().get(0))));
        }

        // when the whole cluster is told to stop at once
        ExecutorService stopping = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> stillLed = IntStream.rangeClosed(1, 3)
                    .mapToObj(node -> stopping.submit(() -> cluster.shutDownNode(node))).toList();

            // then each stops leading no group that a node still serving could have taken (which node keeps what, and
            // that none hands a group to a node that stops too, ThreeRatisNodesTest pins on the adapter)
            for (Future<Integer> node : stillLed) {
                assertThat(node.get(30, TimeUnit.SECONDS)).as("groups a node still led that another could lead")
                        .isZero();
            }
        } finally {
            stopping.shutdownNow();
        }
    }

    @Test
    @Order(8)
    void shouldGiveEveryNodeItsPreferredLeadershipsBackOnceTheWholeClusterIsStartedAgain() throws Exception {
        // when its three nodes start at once (each waits for a majority)
        ExecutorService starting = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> started = IntStream.rangeClosed(1, 3)
                    .<Future<?>>mapToObj(node -> starting.submit(() -> cluster.startNode(node))).toList();
            for (Future<?> node : started) {
                node.get(60, TimeUnit.SECONDS);
            }
        } finally {
            starting.shutdownNow();
        }

        // then each node took back the priority it gave up as it stopped
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(describe(admin).partitions())
                    .allSatisfy(partition -> assertThat(partition.leader()).isEqualTo(partition.replicas().get(0))));
        }
    }

    private static TopicDescription describe(Admin admin) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }

    private static Set<TopicPartition> allPartitions() {
        return IntStream.range(0, PARTITIONS).mapToObj(partition -> new TopicPartition(TOPIC, partition))
                .collect(Collectors.toSet());
    }

    private static ProduceRequestData produceRequest() {
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName(TOPIC);
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
                .setRecords(MemoryRecords.withRecords(Compression.NONE,
                        new SimpleRecord("misdirected".getBytes(StandardCharsets.UTF_8)))));
        request.topicData().add(topic);
        return request;
    }

    private static FetchRequestData fetchRequest(org.apache.kafka.common.Uuid topicId) {
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(1 << 20);
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopicId(topicId);
        topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                .setPartitionMaxBytes(1 << 20));
        request.topics().add(topic);
        return request;
    }
}
