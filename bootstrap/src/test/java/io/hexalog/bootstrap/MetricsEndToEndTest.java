package io.hexalog.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} of the assembled broker, scraped with {@code java.net.http} while the Java client
 * produces and consumes: the counters move by what the clients did, and the gauges agree with the admin
 * client.
 */
@Timeout(120)
@OnEveryStorage
class MetricsEndToEndTest {

    private static final String GROUP = "lag-watchers";
    private static final int RECORDS = 25;

    private static RunningBroker broker;
    private static InetSocketAddress http;

    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        broker = RunningBroker.start(storage, config -> config.withHttp(ServerConfig.Http.loopback()));
        http = broker.broker().httpAddress().orElseThrow();
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldCountTheRecordsAndBytesProducedAndFetchedByTopicAndTheRequestsByApi() throws Exception {
        // given
        String topic = "metered";
        broker.createTopic(topic, 2);
        broker.createTopic("idle", 1);
        PrometheusText before = scrape();

        // when
        produce(topic, RECORDS);
        List<String> consumed = consumeEverything(topic);
        PrometheusText after = scrape();

        // then
        assertThat(consumed).hasSize(RECORDS);
        Map<String, String> metered = Map.of("topic", topic);
        assertThat(delta(before, after, "kafka_server_brokertopicmetrics_messagesin_total", metered))
                .isEqualTo(RECORDS);
        double bytesIn = delta(before, after, "kafka_server_brokertopicmetrics_bytesin_total", metered);
        assertThat(bytesIn).isPositive();
        assertThat(delta(before, after, "kafka_server_brokertopicmetrics_bytesout_total", metered))
                .isGreaterThanOrEqualTo(bytesIn);
        assertThat(after.value("kafka_server_brokertopicmetrics_messagesin_total", Map.of("topic", "idle"))).isZero();
        assertThat(delta(before, after, "kafka_network_requestmetrics_requests_total", Map.of("request", "Produce")))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "kafka_network_requestmetrics_requests_total", Map.of("request", "Fetch")))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("kafka_network_requestmetrics_totaltimems_count", Map.of("request", "Produce")))
                .isEqualTo(after.value("kafka_network_requestmetrics_requests_total", Map.of("request", "Produce")));
        assertThat(after.value("kafka_network_requestmetrics_totaltimems_bucket", Map.of("request", "Produce", "le", "+Inf")))
                .isEqualTo(after.value("kafka_network_requestmetrics_totaltimems_count", Map.of("request", "Produce")));
        // Nothing was retried, so the log keeps exactly the bytes produced.
        assertThat(after.sum("kafka_log_log_size", metered)).isEqualTo(bytesIn);
        assertThat(after.samples("kafka_log_log_size", metered))
                .extracting(sample -> sample.labels().get("partition")).containsExactlyInAnyOrder("0", "1");
    }

    @Test
    void shouldCountRecordsProducedThroughTheAdminApiOnceEach() throws Exception {
        // given
        String topic = "produced-over-http";
        broker.createTopic(topic, 2);
        AdminHttp api = new AdminHttp(http);
        String records = "/v3/clusters/" + api.valid(api.get("/v3/clusters"), 200, "ClusterDataList")
                .at("/data/0/cluster_id").asText() + "/topics/" + topic + "/records";
        PrometheusText before = scrape();

        // when three records are produced one by one, then a batch of four of which one is refused
        for (int i = 0; i < 3; i++) {
            api.valid(api.post(records, "{\"key\": {\"type\": \"STRING\", \"data\": \"k" + i + "\"}, "
                    + "\"value\": {\"type\": \"STRING\", \"data\": \"v" + i + "\"}}"), 200, "ProduceResponse");
        }
        JsonNode batch = api.valid(api.post(records + ":batch", """
                {"entries": [{"id": "a", "value": {"type": "STRING", "data": "first"}},
                             {"id": "b", "value": {"type": "JSON", "data": {"n": 2}}},
                             {"id": "lost", "partition_id": 9, "value": {"type": "STRING", "data": "nowhere"}},
                             {"id": "c", "partition_id": 1, "value": {"type": "BINARY", "data": "AAEC"}}]}"""),
                207, "ProduceBatchResponse");
        PrometheusText after = scrape();

        // then
        assertThat(batch.get("successes")).hasSize(3);
        Map<String, String> metered = Map.of("topic", topic);
        assertThat(delta(before, after, "kafka_server_brokertopicmetrics_messagesin_total", metered)).isEqualTo(6);
        // Each record went in a batch of its own, every byte of which the log keeps.
        assertThat(delta(before, after, "kafka_server_brokertopicmetrics_bytesin_total", metered))
                .isEqualTo(after.sum("kafka_log_log_size", metered));
        assertThat(delta(before, after, "kafka_network_requestmetrics_requests_total", Map.of("request", "Produce")))
                .as("no Kafka request was made").isZero();
    }

    @Test
    void shouldReportTheConsumerGroupLagTheAdminClientComputesAfterACommit() throws Exception {
        // given a group that committed one partition in full and the other only in part
        String topic = "lagging";
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        broker.createTopic(topic, 2);
        produce(topic, RECORDS);
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, GROUP))) {
            consumer.assign(List.of(p0, p1));
            Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(p0, p1));
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(ends.get(p0) / 2), p1,
                    new OffsetAndMetadata(ends.get(p1))));
        }

        // when
        PrometheusText metrics = scrape();

        // then
        Map<TopicPartition, Long> adminLag = adminLag();
        assertThat(adminLag.get(p0)).isPositive();
        assertThat(adminLag.get(p1)).isZero();
        for (TopicPartition partition : List.of(p0, p1)) {
            assertThat(metrics.value("kafka_consumergroup_lag", Map.of("consumergroup", GROUP, "topic", topic,
                    "partition", Integer.toString(partition.partition()))))
                    .as("lag of %s", partition).isEqualTo(adminLag.get(partition).doubleValue());
        }
    }

    @Test
    void shouldReportPartitionsConnectionsAndTheJvm() throws Exception {
        // given
        broker.createTopic("counted", 3);

        try (Admin admin = broker.admin()) {
            Set<String> topics = admin.listTopics().names().get();
            int partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .mapToInt(description -> description.partitions().size()).sum();

            // when the admin client holds a connection open
            PrometheusText metrics = scrape();

            // then
            assertThat(metrics.value("kafka_server_replicamanager_partitioncount", Map.of())).isEqualTo(partitions);
            assertThat(metrics.value("kafka_server_socketservermetrics_connection_count",
                    Map.of("listener", "PLAINTEXT"))).isGreaterThanOrEqualTo(1);
            assertThat(metrics.samples("jvm_memory_used_bytes", Map.of())).isNotEmpty();
            assertThat(metrics.samples("jvm_threads_live_threads", Map.of())).isNotEmpty();
        }
    }

    private static void produce(String topic, int count) {
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private static List<String> consumeEverything(String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < RECORDS && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                records.forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }

    /** The lag as the admin client computes it: the latest offset minus the committed one. */
    private static Map<TopicPartition, Long> adminLag() throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = admin.listOffsets(committed.keySet()
                    .stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                    .all().get();
            return committed.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    entry -> latest.get(entry.getKey()).offset() - entry.getValue().offset()));
        }
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + http.getHostString() + ":" + http.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        return PrometheusText.parse(response.body());
    }
}
