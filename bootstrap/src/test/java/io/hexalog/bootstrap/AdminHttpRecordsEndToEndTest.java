package io.hexalog.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records through the admin HTTP API of the assembled broker: produced there and read with the Java client,
 * produced with the Java client (compressed or not) and read there, deleted there. Every body is checked
 * against the OpenAPI document the broker serves.
 */
@OnEveryStorage
class AdminHttpRecordsEndToEndTest {

    private static final long TIMESTAMP = 1_714_564_800_000L;

    private static RunningBroker broker;
    private static AdminHttp http;
    private static String cluster;

    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        broker = RunningBroker.start(storage, config -> config.withHttp(ServerConfig.Http.loopback()));
        http = new AdminHttp(broker.broker().httpAddress().orElseThrow());
        cluster = "/v3/clusters/" + http.valid(http.get("/v3/clusters"), 200, "ClusterDataList")
                .at("/data/0/cluster_id").asText();
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        broker.close();
    }

    @ParameterizedTest(name = "compression={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldShowRecordsTheJavaProducerWroteWithKeysValuesHeadersAndTimestamps(String compression) throws Exception {
        String topic = "from-client-" + compression;
        broker.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = broker.producer(
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression, ProducerConfig.LINGER_MS_CONFIG, 50))) {
            ProducerRecord<String, String> json = new ProducerRecord<>(topic, 0, TIMESTAMP, "order-1",
                    "{\"amount\": 12}", List.of(new RecordHeader("trace", "abc".getBytes(StandardCharsets.UTF_8))));
            producer.send(json);
            producer.send(new ProducerRecord<>(topic, 0, TIMESTAMP + 1, (String) null, "plain text"));
            producer.send(new ProducerRecord<>(topic, 0, TIMESTAMP + 2, "k", (String) null)).get();
        }

        JsonNode page = http.valid(http.get(cluster + "/topics/" + topic + "/partitions/0/records?offset=0"), 200,
                "RecordDataList");

        JsonNode records = page.get("data");
        assertThat(records).hasSize(3);
        assertThat(records.get(0).get("offset").asLong()).isEqualTo(0);
        assertThat(records.get(0).get("timestamp").asLong()).isEqualTo(TIMESTAMP);
        assertThat(records.get(0).at("/key/type").asText()).isEqualTo("STRING");
        assertThat(records.get(0).at("/key/data").asText()).isEqualTo("order-1");
        assertThat(records.get(0).at("/value/type").asText()).isEqualTo("JSON");
        assertThat(records.get(0).at("/value/data/amount").asInt()).isEqualTo(12);
        assertThat(records.get(0).at("/headers/0/name").asText()).isEqualTo("trace");
        assertThat(decode(records.get(0).at("/headers/0/value").asText())).isEqualTo("abc");
        assertThat(records.get(1).get("key").isNull()).isTrue();
        assertThat(records.get(1).at("/value/data").asText()).isEqualTo("plain text");
        assertThat(records.get(2).get("timestamp").asLong()).isEqualTo(TIMESTAMP + 2);
        assertThat(records.get(2).get("value").isNull()).isTrue();
    }

    @Test
    void shouldLetTheJavaConsumerReadWhatWasProducedThroughTheApi() throws Exception {
        String topic = "from-http";
        broker.createTopic(topic, 2);
        byte[] binary = {0, (byte) 0xff, 7};

        JsonNode produced = http.valid(http.post(cluster + "/topics/" + topic + "/records", """
                {"partition_id": 1, "key": {"type": "STRING", "data": "user-7"},
                 "value": {"type": "JSON", "data": {"name": "Ada", "tags": [1, 2]}},
                 "headers": [{"name": "source", "value": "%s"}], "timestamp": "2024-05-01T12:00:00Z"}"""
                .formatted(Base64.getEncoder().encodeToString("http".getBytes(StandardCharsets.UTF_8)))), 200,
                "ProduceResponse");
        http.valid(http.post(cluster + "/topics/" + topic + "/records", """
                {"partition_id": 1, "value": {"type": "BINARY", "data": "%s"}, "timestamp": %d}"""
                .formatted(Base64.getEncoder().encodeToString(binary), TIMESTAMP + 5)), 200, "ProduceResponse");

        assertThat(produced.get("partition_id").asInt()).isEqualTo(1);
        assertThat(produced.get("offset").asLong()).isEqualTo(0);
        assertThat(produced.get("timestamp").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(produced.at("/key/size").asInt()).isEqualTo(6);
        List<ConsumerRecord<String, String>> consumed = consume(topic, 1, 2);
        assertThat(consumed.get(0).key()).isEqualTo("user-7");
        assertThat(http.json(consumed.get(0).value())).isEqualTo(http.json("{\"name\": \"Ada\", \"tags\": [1, 2]}"));
        assertThat(consumed.get(0).timestamp()).isEqualTo(TIMESTAMP);
        assertThat(new String(consumed.get(0).headers().lastHeader("source").value(), StandardCharsets.UTF_8))
                .isEqualTo("http");
        assertThat(consumed.get(1).key()).isNull();
        assertThat(consumed.get(1).value().getBytes(StandardCharsets.ISO_8859_1)).isNotEmpty();
        assertThat(consumed.get(1).timestamp()).isEqualTo(TIMESTAMP + 5);
        JsonNode read = http.valid(http.get(cluster + "/topics/" + topic + "/partitions/1/records?offset=1"), 200,
                "RecordDataList");
        assertThat(read.at("/data/0/value/type").asText()).isEqualTo("BINARY");
        assertThat(Base64.getDecoder().decode(read.at("/data/0/value/data").asText())).isEqualTo(binary);
    }

    @Test
    void shouldPutKeyedRecordsWhereTheJavaProducerPutsTheSameKeys() throws Exception {
        String topic = "keyed";
        broker.createTopic(topic, 5);
        List<String> keys = List.of("customer-42", "a", "ab", "abc", "abcd", "émile", "order-2024-05-01", "");
        List<Integer> byClient = new ArrayList<>();
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (String key : keys) {
                byClient.add(producer.send(new ProducerRecord<>(topic, key, "x")).get().partition());
            }
        }

        List<Integer> byApi = new ArrayList<>();
        for (String key : keys) {
            byApi.add(http.valid(http.post(cluster + "/topics/" + topic + "/records",
                    "{\"key\": {\"type\": \"STRING\", \"data\": \"%s\"}, \"value\": {\"data\": 1}}".formatted(key)),
                    200, "ProduceResponse").get("partition_id").asInt());
        }

        assertThat(byApi).isEqualTo(byClient);
    }

    @Test
    void shouldProduceABatchAnsweringEachEntry() throws Exception {
        String topic = "batched";
        broker.createTopic(topic, 1);

        JsonNode answer = http.valid(http.post(cluster + "/topics/" + topic + "/records:batch", """
                {"entries": [{"id": "a", "value": {"type": "STRING", "data": "first"}},
                             {"id": "b", "partition_id": 9, "value": {"type": "STRING", "data": "lost"}},
                             {"id": "c", "value": {"type": "STRING", "data": "second"}}]}"""), 207,
                "ProduceBatchResponse");

        assertThat(answer.get("successes").findValuesAsText("id")).containsExactly("a", "c");
        assertThat(answer.get("successes").findValuesAsText("offset")).containsExactly("0", "1");
        assertThat(answer.at("/failures/0/id").asText()).isEqualTo("b");
        assertThat(answer.at("/failures/0/error_code").asInt()).isEqualTo(40403);
    }

    @Test
    void shouldPageThroughRecordsAndStartAtATime() throws Exception {
        String topic = "paged";
        broker.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, TIMESTAMP + i * 1000L, (String) null, "v" + i));
            }
            producer.flush();
        }
        String records = cluster + "/topics/" + topic + "/partitions/0/records";

        JsonNode first = http.valid(http.get(records + "?offset=1&max_records=2"), 200, "RecordDataList");
        JsonNode next = http.valid(http.get(first.at("/metadata/next").asText().replace(http.baseUrl(), "")), 200,
                "RecordDataList");
        JsonNode atTime = http.valid(http.get(records + "?timestamp=" + (TIMESTAMP + 2500)), 200, "RecordDataList");

        assertThat(first.get("data").findValuesAsText("offset")).containsExactly("1", "2");
        assertThat(next.get("data").findValuesAsText("offset")).containsExactly("3", "4");
        assertThat(atTime.get("data").findValuesAsText("offset")).containsExactly("3", "4");
    }

    @Test
    void shouldDeleteRecordsBeforeAnOffset() throws Exception {
        String topic = "trimmed";
        broker.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, 0, (String) null, "v" + i));
            }
            producer.flush();
        }
        String partition = cluster + "/topics/" + topic + "/partitions/0";

        JsonNode deleted = http.valid(http.post(partition + "/records:delete?before_offset=2", null), 200,
                "DeletedRecordsData");

        assertThat(deleted.get("low_watermark").asLong()).isEqualTo(2);
        JsonNode left = http.valid(http.get(partition + "/records"), 200, "RecordDataList");
        assertThat(left.get("data").findValuesAsText("offset")).containsExactly("2", "3");
        http.error(http.post(partition + "/records:delete?before_offset=99", null), 400, 40002);
        http.error(http.post(partition + "/records:delete", null), 400, 400);
    }

    @Test
    void shouldRefuseRecordsThatCannotBeProducedOrRead() throws Exception {
        broker.createTopic("strict", 1);
        String records = cluster + "/topics/strict/records";

        http.error(http.post(cluster + "/topics/unknown/records", "{\"value\": {\"data\": 1}}"), 404, 40403);
        http.error(http.post(records, "{\"partition_id\": 3, \"value\": {\"data\": 1}}"), 404, 40403);
        http.error(http.get(cluster + "/topics/strict/partitions/3/records"), 404, 40403);
        http.error(http.post(records, "{\"value\": {\"data\": 1}"), 400, 400);
        http.error(http.post(records, "{\"value\": {\"type\": \"BINARY\", \"data\": \"not base64!\"}}"), 400, 400);
        http.error(http.post(records, "{\"value\": {\"type\": \"STRING\", \"data\": 5}}"), 400, 400);
        http.error(http.post(records, "{\"value\": {\"type\": \"AVRO\", \"data\": 5}}"), 400, 400);
        http.error(http.post(records, "{\"partition_id\": \"first\"}"), 400, 400);
        http.error(http.post(records, "{\"timestamp\": \"yesterday\"}"), 400, 400);
        http.error(http.post(records + ":batch", "{\"entries\": []}"), 400, 400);
        http.error(http.get(cluster + "/topics/strict/partitions/0/records?offset=-1"), 400, 400);
        http.error(http.get(cluster + "/topics/strict/partitions/0/records?max_records=0"), 400, 400);
        assertThat(http.valid(http.get(cluster + "/topics/strict/partitions/0/records"), 200, "RecordDataList")
                .get("data")).isEmpty();
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, int partition, int count) {
        List<ConsumerRecord<String, String>> consumed = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer()) {
            TopicPartition assigned = new TopicPartition(topic, partition);
            consumer.assign(List.of(assigned));
            consumer.seekToBeginning(List.of(assigned));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumed.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(consumed::add);
            }
        }
        assertThat(consumed).hasSize(count);
        return consumed;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
