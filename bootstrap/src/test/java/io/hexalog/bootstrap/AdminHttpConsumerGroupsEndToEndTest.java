package io.hexalog.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer groups through the admin HTTP API of the assembled broker, joined and committed to by the Java
 * consumer: members and assignments, lags as the AdminClient computes them, resetting and deleting an empty
 * group. Every body is checked against the OpenAPI document the broker serves.
 */
@OnEveryStorage
class AdminHttpConsumerGroupsEndToEndTest {

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

    @Test
    void shouldShowAGroupItsMembersAndTheirAssignmentsWhileTheyConsume() throws Exception {
        produce("watched", 2, 3);
        try (KafkaConsumer<String, String> consumer = member("watchers", "watcher-client")) {
            consumer.subscribe(List.of("watched"));
            pollUntilAssigned(consumer);
            String group = cluster + "/consumer-groups/watchers";

            JsonNode described = http.valid(http.get(group), 200, "ConsumerGroupData");
            JsonNode listed = http.valid(http.get(cluster + "/consumer-groups"), 200, "ConsumerGroupDataList");
            JsonNode consumers = http.valid(http.get(group + "/consumers"), 200, "ConsumerDataList");
            String memberId = consumers.at("/data/0/consumer_id").asText();
            JsonNode one = http.valid(http.get(group + "/consumers/" + memberId), 200, "ConsumerData");
            JsonNode assignments = http.valid(http.get(group + "/consumers/" + memberId + "/assignments"), 200,
                    "ConsumerAssignmentDataList");

            assertThat(described.get("state").asText()).isEqualTo("STABLE");
            assertThat(described.get("is_simple").asBoolean()).isFalse();
            assertThat(described.get("partition_assignor").asText()).isNotEmpty();
            assertThat(listed.get("data").findValuesAsText("consumer_group_id")).contains("watchers");
            assertThat(consumers.get("data")).hasSize(1);
            assertThat(one.get("client_id").asText()).isEqualTo("watcher-client");
            assertThat(assignments.get("data").findValuesAsText("partition_id")).containsExactlyInAnyOrder("0", "1");
            assertThat(assignments.get("data").findValuesAsText("topic_name")).containsOnly("watched");
            http.error(http.get(group + "/consumers/nobody"), 404, 404);
        }
    }

    @Test
    void shouldShowAConsumerProtocolGroupItsMembersAssignmentsAndLags() throws Exception {
        produce("heartbeating", 3, 2);
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
                "heartbeaters", ConsumerConfig.CLIENT_ID_CONFIG, "heartbeat-client",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"))) {
            consumer.subscribe(List.of("heartbeating"));
            pollUntilAssigned(consumer);
            consumer.commitSync();
            String group = cluster + "/consumer-groups/heartbeaters";

            JsonNode described = http.valid(http.get(group), 200, "ConsumerGroupData");
            JsonNode listed = http.valid(http.get(cluster + "/consumer-groups"), 200, "ConsumerGroupDataList");
            JsonNode consumers = http.valid(http.get(group + "/consumers"), 200, "ConsumerDataList");
            String memberId = consumers.at("/data/0/consumer_id").asText();
            JsonNode assignments = http.valid(http.get(group + "/consumers/" + memberId + "/assignments"), 200,
                    "ConsumerAssignmentDataList");
            JsonNode lags = http.valid(http.get(group + "/lags"), 200, "ConsumerLagDataList");

            assertThat(described.get("type").asText()).isEqualTo("CONSUMER");
            assertThat(described.get("state").asText()).isEqualTo("STABLE");
            assertThat(described.get("partition_assignor").asText()).isEqualTo("uniform");
            assertThat(described.get("is_simple").asBoolean()).isFalse();
            assertThat(listed.get("data")).anySatisfy(listedGroup -> {
                assertThat(listedGroup.get("consumer_group_id").asText()).isEqualTo("heartbeaters");
                assertThat(listedGroup.get("type").asText()).isEqualTo("CONSUMER");
            });
            assertThat(consumers.get("data")).hasSize(1);
            assertThat(consumers.at("/data/0/client_id").asText()).isEqualTo("heartbeat-client");
            assertThat(assignments.get("data").findValuesAsText("partition_id")).containsExactly("0", "1", "2");
            assertThat(lags.get("data").findValuesAsText("consumer_id")).isNotEmpty().containsOnly(memberId);
            http.error(http.get(group + "/consumers/nobody"), 404, 404);
        }
    }

    @Test
    void shouldReportTheLagTheAdminClientComputes() throws Exception {
        produce("lagging", 3, 10);
        commit("behind", Map.of(new TopicPartition("lagging", 0), 4L, new TopicPartition("lagging", 1), 10L,
                new TopicPartition("lagging", 2), 1L));
        String group = cluster + "/consumer-groups/behind";

        JsonNode lags = http.valid(http.get(group + "/lags"), 200, "ConsumerLagDataList");
        JsonNode one = http.valid(http.get(group + "/lags/lagging/partitions/2"), 200, "ConsumerLagData");
        JsonNode summary = http.valid(http.get(group + "/lag-summary"), 200, "ConsumerGroupLagSummaryData");

        Map<TopicPartition, Long> expected = adminLags("behind");
        Map<TopicPartition, Long> reported = new HashMap<>();
        lags.get("data").forEach(lag -> reported.put(
                new TopicPartition(lag.get("topic_name").asText(), lag.get("partition_id").asInt()), lag.get("lag").asLong()));
        assertThat(reported).isEqualTo(expected);
        assertThat(one.get("current_offset").asLong()).isEqualTo(1);
        assertThat(one.get("lag").asLong()).isEqualTo(expected.get(new TopicPartition("lagging", 2)));
        assertThat(summary.get("total_lag").asLong()).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
        assertThat(summary.get("max_lag_partition_id").asInt()).isEqualTo(2);
        assertThat(summary.get("max_lag").asLong()).isEqualTo(expected.get(new TopicPartition("lagging", 2)));
    }

    @Test
    void shouldResetAnEmptyGroupSoThatItsNextConsumerStartsThere() throws Exception {
        produce("replayed", 1, 6);
        commit("replayers", Map.of(new TopicPartition("replayed", 0), 6L));
        String group = cluster + "/consumer-groups/replayers";

        JsonNode earliest = http.valid(http.post(group + "/offsets:reset", "{\"reset_to\": \"EARLIEST\"}"), 200,
                "ConsumerGroupOffsetDataList");
        JsonNode given = http.valid(http.post(group + "/offsets:reset", """
                {"reset_to": "OFFSETS", "offsets": [{"topic_name": "replayed", "partition_id": 0, "offset": 4}]}"""),
                200, "ConsumerGroupOffsetDataList");

        assertThat(earliest.at("/data/0/offset").asLong()).isEqualTo(0);
        assertThat(given.at("/data/0/offset").asLong()).isEqualTo(4);
        try (KafkaConsumer<String, String> consumer = member("replayers", "replayer")) {
            consumer.subscribe(List.of("replayed"));
            ConsumerRecord<String, String> first = pollUntilAssigned(consumer).get(0);
            assertThat(first.offset()).isEqualTo(4);
        }
        JsonNode latest = http.valid(http.post(group + "/offsets:reset",
                "{\"reset_to\": \"LATEST\", \"topic_name\": \"replayed\"}"), 200, "ConsumerGroupOffsetDataList");
        assertThat(latest.at("/data/0/offset").asLong()).isEqualTo(6);
    }

    @Test
    void shouldRefuseToResetOrDeleteAGroupWithMembers() throws Exception {
        produce("busy", 1, 1);
        try (KafkaConsumer<String, String> consumer = member("busy-group", "busy")) {
            consumer.subscribe(List.of("busy"));
            pollUntilAssigned(consumer);
            String group = cluster + "/consumer-groups/busy-group";

            http.error(http.post(group + "/offsets:reset", "{\"reset_to\": \"EARLIEST\"}"), 409, 409);
            http.error(http.delete(group), 409, 409);
        }
    }

    @Test
    void shouldDeleteAnEmptyGroup() throws Exception {
        produce("forgotten", 1, 1);
        commit("leavers", Map.of(new TopicPartition("forgotten", 0), 1L));

        assertThat(http.delete(cluster + "/consumer-groups/leavers").status()).isEqualTo(204);

        http.error(http.get(cluster + "/consumer-groups/leavers"), 404, 404);
        try (Admin admin = broker.admin()) {
            assertThat(admin.listConsumerGroupOffsets("leavers").partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }

    @Test
    void shouldAnswerUnknownGroupsAndBadResetsWithErrors() throws Exception {
        produce("guarded", 1, 1);
        commit("guards", Map.of(new TopicPartition("guarded", 0), 1L));
        String group = cluster + "/consumer-groups/guards";

        http.error(http.get(cluster + "/consumer-groups/nobody"), 404, 404);
        http.error(http.get(cluster + "/consumer-groups/nobody/lags"), 404, 404);
        http.error(http.delete(cluster + "/consumer-groups/nobody"), 404, 404);
        http.error(http.post(cluster + "/consumer-groups/nobody/offsets:reset", "{\"reset_to\": \"LATEST\"}"), 404, 404);
        http.error(http.get(group + "/lags/guarded/partitions/7"), 404, 404);
        http.error(http.post(group + "/offsets:reset", "{\"reset_to\": \"SOMEWHERE\"}"), 400, 400);
        http.error(http.post(group + "/offsets:reset", "{\"reset_to\": \"TIMESTAMP\"}"), 400, 400);
        http.error(http.post(group + "/offsets:reset", "{\"reset_to\": \"LATEST\", \"topic_name\": \"gone\"}"), 404, 40403);
        http.error(http.post(group + "/offsets:reset", "{\"reset_to\": "), 400, 400);
    }

    private static void produce(String topic, int partitions, int perPartition) throws Exception {
        broker.createTopic(topic, partitions);
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int partition = 0; partition < partitions; partition++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, (String) null, "v" + i));
                }
            }
            producer.flush();
        }
    }

    private static void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.alterConsumerGroupOffsets(group, offsets.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue()))))
                    .all().get();
        }
    }

    /** Lag as Kafka's tools compute it: the end offset minus the committed one. */
    private static Map<TopicPartition, Long> adminLags(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet()
                    .stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                    .all().get();
            Map<TopicPartition, Long> lags = new HashMap<>();
            committed.forEach((partition, offset) -> lags.put(partition, ends.get(partition).offset() - offset.offset()));
            return lags;
        }
    }

    private static KafkaConsumer<String, String> member(String group, String clientId) {
        return broker.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    }

    /** Polls until the group assigned the consumer partitions and it received records; returns them. */
    private static List<ConsumerRecord<String, String>> pollUntilAssigned(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            if (!consumer.assignment().isEmpty() && !records.isEmpty()) {
                return records;
            }
        }
        throw new AssertionError("the consumer was not assigned partitions with records in time");
    }
}
