package io.hexalog.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin HTTP API on every node of a three-node cluster: each node lists every partition with the offsets its
 * leader knows, wherever that leader runs (asked over the Kafka protocol), and a write only another node can take
 * gets 421 Misdirected Request with the reason, not a server error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterAdminHttpEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private RunningCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = RunningCluster.start(StorageKind.MEMORY, 3,
                config -> config.withHttp(new ServerConfig.Http("127.0.0.1", 0)));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldShowEveryPartitionWithItsLeadersOffsetsOnEveryNode() throws Exception {
        Map<Integer, Integer> leaders;
        Map<Integer, Long> endOffsets;
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3))).all().get(30, TimeUnit.SECONDS);
            produceUnevenly();
            TopicDescription described = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(TOPIC);
            leaders = described.partitions().stream().collect(Collectors.toMap(info -> info.partition(),
                    info -> info.leader().id()));
            endOffsets = admin.listOffsets(IntStream.range(0, PARTITIONS).boxed().collect(Collectors.toMap(
                            partition -> new TopicPartition(TOPIC, partition), partition -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
        }
        assertThat(endOffsets).containsExactlyInAnyOrderEntriesOf(IntStream.range(0, PARTITIONS).boxed()
                .collect(Collectors.toMap(Function.identity(), partition -> (long) partition + 1)));
        assertThat(leaders.values()).containsOnly(1, 2, 3);

        String clusterId = clusterId(1);
        for (int node = 1; node <= 3; node++) {
            HttpResponse<String> answer = get(node, "/v3/clusters/" + clusterId + "/topics/" + TOPIC + "/partitions");
            assertThat(answer.statusCode()).as("node %d: %s", node, answer.body()).isEqualTo(200);
            Map<Integer, Long> shown = new TreeMap<>();
            Map<Integer, String> leaderLinks = new HashMap<>();
            for (JsonNode partition : JSON.readTree(answer.body()).get("data")) {
                shown.put(partition.get("partition_id").asInt(), partition.get("end_offset").asLong());
                assertThat(partition.get("beginning_offset").asLong()).isZero();
                leaderLinks.put(partition.get("partition_id").asInt(), partition.get("leader").get("related").asText());
            }
            assertThat(shown).as("node %d", node).containsExactlyInAnyOrderEntriesOf(endOffsets);
            for (Map.Entry<Integer, Integer> leader : leaders.entrySet()) {
                assertThat(leaderLinks.get(leader.getKey())).endsWith("/brokers/" + leader.getValue());
            }
        }
    }

    @Test
    void shouldProduceAndReadThroughAnyNodeWhicheverNodeLeadsThePartition() throws Exception {
        String topic = "payments";
        Map<Integer, Integer> leaders;
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 3))).all().get(30, TimeUnit.SECONDS);
            cluster.produce(topic, PARTITIONS, "warm", PARTITIONS);
            leaders = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().collect(Collectors.toMap(info -> info.partition(), info -> info.leader().id()));
        }
        String clusterId = clusterId(1);
        int notLed = leaders.entrySet().stream().filter(entry -> entry.getValue() != 1).findFirst().orElseThrow().getKey();

        int leader = leaders.get(notLed);
        double leaderCountedBefore = messagesIn(leader, topic);
        double thisNodeCountedBefore = messagesIn(1, topic);

        HttpResponse<String> produced = postRecord(1, clusterId, topic, notLed);

        JsonNode answer = JSON.readTree(produced.body());
        assertThat(answer.get("error_code").asInt()).as(produced.body()).isEqualTo(200);
        // the partition held one warm-up record: the leader appended this one after it
        assertThat(answer.get("offset").asLong()).isEqualTo(1);
        // the record is counted once, in the traffic of the broker that appended it
        assertThat(messagesIn(leader, topic) - leaderCountedBefore).isEqualTo(1);
        assertThat(messagesIn(1, topic) - thisNodeCountedBefore).isZero();
        Map<String, String> consumed = cluster.consumeAll(topic, PARTITIONS);
        assertThat(consumed).containsEntry(notLed + "@1", Integer.toString(notLed));

        HttpResponse<String> read = get(1, "/v3/clusters/" + clusterId + "/topics/" + topic + "/partitions/" + notLed
                + "/records?offset=0");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        List<String> offsets = new ArrayList<>();
        for (JsonNode record : JSON.readTree(read.body()).get("data")) {
            offsets.add(record.get("offset").asText() + "=" + record.get("value").get("data").asText());
        }
        assertThat(offsets).containsExactly("0=warm-" + notLed, "1=" + notLed);
    }

    @Test
    void shouldAnswerGroupRequestsOnlyOnTheCoordinatorsNodeAnd421Elsewhere() throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("audit", 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets("auditors", Map.of(new TopicPartition("audit", 0),
                    new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
        }
        String clusterId = clusterId(1);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<Integer, String> bodies = new TreeMap<>();
        // A leader the others have replaced may still think it coordinates until it hears of the new term, as a
        // Kafka broker serves its stale view until the controller's word reaches it: ask until the nodes agree.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            for (int node = 1; node <= 3; node++) {
                HttpResponse<String> answer = get(node, "/v3/clusters/" + clusterId + "/consumer-groups");
                statuses.put(node, answer.statusCode());
                bodies.put(node, answer.body());
            }
            boolean oneCoordinator = List.of(200, 421, 421).equals(statuses.values().stream().sorted().toList());
            if (oneCoordinator || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }

        assertThat(statuses.values()).as("%s", bodies).containsExactlyInAnyOrder(200, 421, 421);
        int coordinator = statuses.entrySet().stream().filter(entry -> entry.getValue() == 200)
                .findFirst().orElseThrow().getKey();
        assertThat(bodies.get(coordinator)).contains("\"consumer_group_id\":\"auditors\"");
        bodies.forEach((node, body) -> {
            if (statuses.get(node) == 421) {
                assertThat(body).contains("does not coordinate");
            }
        });
    }

    /** Partition {@code p} of the topic gets {@code p + 1} records, so that no two partitions end alike. */
    private void produceUnevenly() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                for (int i = 0; i <= partition; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, partition, "k", "v"))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private String clusterId(int node) throws Exception {
        return JSON.readTree(get(node, "/v3/clusters").body()).get("data").get(0).get("cluster_id").asText();
    }

    /** Runs last: it stops a node and starts it again, and waits until the cluster is whole before it ends. */
    @Test
    @Order(Integer.MAX_VALUE)
    void shouldCountEachNodesLeadersAndThoseShortOfInSyncReplicasInItsMetricsWhileANodeIsDown() throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic("ledger", PARTITIONS, (short) 3))).all().get(30, TimeUnit.SECONDS);
            int partitions = admin.describeTopics(admin.listTopics().names().get(30, TimeUnit.SECONDS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).values().stream().mapToInt(topic -> topic.partitions().size()).sum();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(leaderCount(1) + leaderCount(2) + leaderCount(3)).isEqualTo(partitions);
                for (int node = 1; node <= 3; node++) {
                    assertThat(gauge(node, "kafka_server_replicamanager_underreplicatedpartitions")).isZero();
                }
            });

            // when node 3 stops, every partition (all of factor 3) misses it from its in-sync replicas
            cluster.stopNode(3);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(leaderCount(1) + leaderCount(2)).isEqualTo(partitions);
                for (int node = 1; node <= 2; node++) {
                    assertThat(gauge(node, "kafka_server_replicamanager_underreplicatedpartitions"))
                            .as("node %d", node).isEqualTo(leaderCount(node));
                }
            });

            // and each partition's replicas, as the API lists them, show node 3 out of sync and not leading, on each
            // node once it applied the leader's announcement (a round trip after the leader's own metrics say so)
            String clusterId = clusterId(1);
            for (int node = 1; node <= 2; node++) {
                int asked = node;
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> answer = get(asked, "/v3/clusters/" + clusterId
                            + "/topics/ledger/partitions/0/replicas");
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    Map<Integer, JsonNode> replicas = new HashMap<>();
                    JSON.readTree(answer.body()).get("data").forEach(replica -> replicas.put(
                            replica.get("broker_id").asInt(), replica));
                    assertThat(replicas).containsOnlyKeys(1, 2, 3);
                    assertThat(replicas.get(3).get("is_in_sync").asBoolean()).as("node %d", asked).isFalse();
                    assertThat(replicas.get(3).get("is_leader").asBoolean()).isFalse();
                    assertThat(replicas.values().stream().filter(replica -> replica.get("is_leader").asBoolean()))
                            .hasSize(1).allMatch(replica -> replica.get("is_in_sync").asBoolean());
                });
            }

            // and once it is back and caught up, none does, and it leads its share again
            cluster.startNode(3);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (int node = 1; node <= 3; node++) {
                    assertThat(gauge(node, "kafka_server_replicamanager_underreplicatedpartitions"))
                            .as("node %d", node).isZero();
                    assertThat(leaderCount(node)).as("node %d", node).isPositive();
                }
                assertThat(leaderCount(1) + leaderCount(2) + leaderCount(3)).isEqualTo(partitions);
            });
        }
    }

    private double leaderCount(int node) throws IOException, InterruptedException {
        return gauge(node, "kafka_server_replicamanager_leadercount");
    }

    private double gauge(int node, String name) throws IOException, InterruptedException {
        HttpResponse<String> metrics = get(node, "/metrics");
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        return PrometheusText.parse(metrics.body()).value(name, Map.of());
    }

    private HttpResponse<String> postRecord(int node, String clusterId, String topic, int partition) throws Exception {
        String body = "{\"partition_id\":" + partition + ",\"value\":{\"type\":\"JSON\",\"data\":" + partition + "}}";
        return http.send(HttpRequest.newBuilder(uri(node, "/v3/clusters/" + clusterId + "/topics/" + topic + "/records"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The records {@code node} counts as appended to {@code topic}, from its {@code /metrics}. */
    private double messagesIn(int node, String topic) throws IOException, InterruptedException {
        HttpResponse<String> metrics = get(node, "/metrics");
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        return PrometheusText.parse(metrics.body())
                .value("kafka_server_brokertopicmetrics_messagesin_total", Map.of("topic", topic));
    }

    private HttpResponse<String> get(int node, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(int node, String path) {
        InetSocketAddress address = cluster.httpAddress(node).orElseThrow();
        return URI.create("http://127.0.0.1:" + address.getPort() + path);
    }
}
