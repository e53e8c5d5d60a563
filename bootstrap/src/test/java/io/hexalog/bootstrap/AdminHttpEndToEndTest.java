package io.hexalog.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin HTTP API of the assembled broker, on Confluent's REST v3 paths, driven with
 * {@code java.net.http}; every body is checked against the OpenAPI document the broker serves.
 */
@OnEveryStorage
class AdminHttpEndToEndTest {

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
    void shouldDescribeTheClusterAndItsBrokerWithLinksToWhereTheRequestWasSent() throws Exception {
        JsonNode clusters = http.valid(http.get("/v3/clusters"), 200, "ClusterDataList");
        assertThat(clusters.get("kind").asText()).isEqualTo("KafkaClusterList");
        assertThat(clusters.get("data")).hasSize(1);

        JsonNode one = http.valid(http.get(cluster), 200, "ClusterData");
        assertThat(one.at("/metadata/self").asText()).isEqualTo(http.baseUrl() + cluster);
        assertThat(one.at("/brokers/related").asText()).isEqualTo(http.baseUrl() + cluster + "/brokers");

        JsonNode brokers = http.valid(http.get(cluster + "/brokers"), 200, "BrokerDataList");
        assertThat(brokers.at("/data/0/broker_id").asInt()).isEqualTo(1);
        JsonNode node = http.valid(http.get(cluster + "/brokers/1"), 200, "BrokerData");
        assertThat(node.get("host").asText() + ":" + node.get("port").asInt()).isEqualTo(broker.bootstrapServers());

        JsonNode configs = http.valid(http.get(cluster + "/brokers/1/configs"), 200, "BrokerConfigDataList");
        assertThat(values(configs, "name")).contains("num.partitions", "message.max.bytes");
    }

    @Test
    void shouldCreateDescribeGrowAndDeleteATopic() throws Exception {
        String topics = cluster + "/topics";
        JsonNode created = http.valid(http.post(topics, """
                {"topic_name": "orders", "partitions_count": 2, "replication_factor": 1,
                 "configs": [{"name": "retention.ms", "value": "3600000"}]}"""), 201, "TopicData");
        assertThat(created.get("partitions_count").asInt()).isEqualTo(2);
        assertThat(created.at("/metadata/self").asText()).isEqualTo(http.baseUrl() + topics + "/orders");

        assertThat(values(http.valid(http.get(topics), 200, "TopicDataList"), "topic_name")).contains("orders");
        JsonNode described = http.valid(http.get(topics + "/orders"), 200, "TopicData");
        assertThat(described.get("replication_factor").asInt()).isEqualTo(1);
        assertThat(described.get("is_internal").asBoolean()).isFalse();

        JsonNode grown = http.valid(http.patch(topics + "/orders", "{\"partitions_count\": 3}"), 200, "TopicData");
        assertThat(grown.get("partitions_count").asInt()).isEqualTo(3);
        JsonNode partitions = http.valid(http.get(topics + "/orders/partitions"), 200, "PartitionDataList");
        assertThat(values(partitions, "partition_id")).containsExactly("0", "1", "2");
        JsonNode third = http.valid(http.get(topics + "/orders/partitions/2"), 200, "PartitionData");
        assertThat(third.at("/leader/related").asText()).isEqualTo(http.baseUrl() + cluster + "/brokers/1");
        JsonNode replicas = http.valid(http.get(third.at("/replicas/related").asText()
                .substring(http.baseUrl().length())), 200, "ReplicaDataList");
        assertThat(values(replicas, "broker_id")).containsExactly("1");
        assertThat(replicas.at("/data/0/is_leader").asBoolean()).isTrue();
        assertThat(replicas.at("/data/0/is_in_sync").asBoolean()).isTrue();
        JsonNode replica = http.valid(http.get(topics + "/orders/partitions/2/replicas/1"), 200, "ReplicaData");
        assertThat(replica.at("/broker/related").asText()).isEqualTo(http.baseUrl() + cluster + "/brokers/1");
        http.error(http.get(topics + "/orders/partitions/2/replicas/2"), 404, 404);
        JsonNode ofTopic = http.valid(http.get(topics + "/orders/partitions/-/replicas"), 200, "ReplicaDataList");
        assertThat(values(ofTopic, "partition_id")).containsExactly("0", "1", "2");
        assertThat(values(ofTopic, "broker_id")).containsExactly("1", "1", "1");
        assertThat(ofTopic.at("/metadata/self").asText()).endsWith("/orders/partitions/-/replicas");
        http.error(http.get(topics + "/unknown/partitions/-/replicas"), 404, 40403);

        assertThat(http.delete(topics + "/orders").status()).isEqualTo(204);
        http.error(http.get(topics + "/orders"), 404, 40403);
    }

    @Test
    void shouldTellWhereEachPartitionsLogBeginsAndEnds() throws Exception {
        String partitions = cluster + "/topics/bounded/partitions";
        http.valid(http.post(cluster + "/topics", "{\"topic_name\": \"bounded\", \"partitions_count\": 2}"), 201,
                "TopicData");
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("bounded", 1, "key-" + i, "value-" + i)).get();
            }
        }
        http.valid(http.post(partitions + "/1/records:delete?before_offset=1", null), 200, "DeletedRecordsData");

        JsonNode both = http.valid(http.get(partitions), 200, "PartitionDataList");
        JsonNode second = http.valid(http.get(partitions + "/1"), 200, "PartitionData");

        assertThat(both.at("/data/0/beginning_offset").asLong()).isZero();
        assertThat(both.at("/data/0/end_offset").asLong()).isZero();
        assertThat(both.at("/data/1/beginning_offset").asLong()).isEqualTo(1);
        assertThat(both.at("/data/1/end_offset").asLong()).isEqualTo(3);
        assertThat(second.get("beginning_offset").asLong()).isEqualTo(1);
        assertThat(second.get("end_offset").asLong()).isEqualTo(3);
    }

    @Test
    void shouldCheckATopicWithoutCreatingItWhenAskedToValidateOnly() throws Exception {
        JsonNode validated = http.valid(http.post(cluster + "/topics",
                "{\"topic_name\": \"dry-run\", \"partitions_count\": 5, \"validate_only\": true}"), 200, "TopicData");

        assertThat(validated.get("partitions_count").asInt()).isEqualTo(5);
        http.error(http.get(cluster + "/topics/dry-run"), 404, 40403);
    }

    @Test
    void shouldReadSetAndResetTopicConfigs() throws Exception {
        String configs = cluster + "/topics/settings/configs";
        http.valid(http.post(cluster + "/topics", "{\"topic_name\": \"settings\"}"), 201, "TopicData");
        assertThat(values(http.valid(http.get(configs), 200, "TopicConfigDataList"), "name"))
                .contains("retention.ms", "cleanup.policy", "max.message.bytes");
        JsonNode byDefault = http.valid(http.get(configs + "/retention.ms"), 200, "TopicConfigData");
        assertThat(byDefault.get("is_default").asBoolean()).isTrue();

        assertThat(http.put(configs + "/retention.ms", "{\"value\": \"60000\"}").status()).isEqualTo(204);
        JsonNode set = http.valid(http.get(configs + "/retention.ms"), 200, "TopicConfigData");
        assertThat(set.get("value").asText()).isEqualTo("60000");
        assertThat(set.get("source").asText()).isEqualTo("DYNAMIC_TOPIC_CONFIG");

        assertThat(http.post(configs + ":alter", """
                {"data": [{"name": "retention.ms", "operation": "DELETE"},
                          {"name": "max.message.bytes", "value": "2048"}]}""").status()).isEqualTo(204);
        assertThat(http.get(configs + "/retention.ms").body().get("is_default").asBoolean()).isTrue();
        assertThat(http.get(configs + "/max.message.bytes").body().get("value").asText()).isEqualTo("2048");

        assertThat(http.delete(configs + "/max.message.bytes").status()).isEqualTo(204);
        assertThat(http.get(configs + "/max.message.bytes").body().get("source").asText()).isEqualTo("DEFAULT_CONFIG");
    }

    @Test
    void shouldReadSetAndResetAConsumerGroupsConfigsAsTheAdminClientDoes() throws Exception {
        String configs = cluster + "/consumer-groups/auditors/configs";
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "auditors");
        assertThat(values(http.valid(http.get(configs), 200, "ConsumerGroupConfigDataList"), "name"))
                .contains("consumer.session.timeout.ms", "consumer.heartbeat.interval.ms");
        JsonNode byDefault = http.valid(http.get(configs + "/consumer.session.timeout.ms"), 200,
                "ConsumerGroupConfigData");
        assertThat(byDefault.get("value").asText()).isEqualTo("45000");
        assertThat(byDefault.get("is_default").asBoolean()).isTrue();

        assertThat(http.put(configs + "/consumer.session.timeout.ms", "{\"value\": \"60000\"}").status())
                .isEqualTo(204);
        JsonNode set = http.valid(http.get(configs + "/consumer.session.timeout.ms"), 200, "ConsumerGroupConfigData");
        assertThat(set.get("value").asText()).isEqualTo("60000");
        assertThat(set.get("source").asText()).isEqualTo("DYNAMIC_GROUP_CONFIG");
        try (Admin admin = broker.admin()) {
            assertThat(admin.describeConfigs(List.of(group)).all().get().get(group)
                    .get("consumer.session.timeout.ms").value()).as("as the Admin client reads it").isEqualTo("60000");

            admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                    new ConfigEntry("consumer.heartbeat.interval.ms", "6000"), AlterConfigOp.OpType.SET)))).all().get();
        }
        assertThat(http.get(configs + "/consumer.heartbeat.interval.ms").body().get("value").asText())
                .as("set by the Admin client").isEqualTo("6000");

        assertThat(http.post(configs + ":alter", """
                {"data": [{"name": "consumer.session.timeout.ms", "operation": "DELETE"},
                          {"name": "consumer.heartbeat.interval.ms", "value": "7000"}]}""").status()).isEqualTo(204);
        assertThat(http.get(configs + "/consumer.session.timeout.ms").body().get("is_default").asBoolean()).isTrue();
        assertThat(http.get(configs + "/consumer.heartbeat.interval.ms").body().get("value").asText())
                .isEqualTo("7000");
        assertThat(http.delete(configs + "/consumer.heartbeat.interval.ms").status()).isEqualTo(204);
        assertThat(http.get(configs + "/consumer.heartbeat.interval.ms").body().get("source").asText())
                .isEqualTo("DEFAULT_CONFIG");

        JsonNode outOfBounds = http.error(http.put(configs + "/consumer.session.timeout.ms",
                "{\"value\": \"1000\"}"), 400, 40002);
        assertThat(outOfBounds.get("message").asText()).contains("consumer.session.timeout.ms");
        http.error(http.put(configs + "/no.such.config", "{\"value\": \"1\"}"), 400, 40002);
        http.error(http.get(configs + "/no.such.config"), 404, 404);
        assertThat(http.get(configs + "/consumer.session.timeout.ms").body().get("value").asText())
                .as("nothing refused was kept").isEqualTo("45000");
    }

    @Test
    void shouldAnswerWhatDoesNotExistWith404() throws Exception {
        http.valid(http.post(cluster + "/topics", "{\"topic_name\": \"known\", \"partitions_count\": 1}"), 201, "TopicData");

        http.error(http.get("/v3/clusters/no-such-cluster"), 404, 404);
        http.error(http.get("/v3/clusters/no-such-cluster/topics"), 404, 404);
        http.error(http.get(cluster + "/brokers/7"), 404, 404);
        http.error(http.get(cluster + "/topics/unknown"), 404, 40403);
        http.error(http.delete(cluster + "/topics/unknown"), 404, 40403);
        http.error(http.get(cluster + "/topics/unknown/configs"), 404, 40403);
        http.error(http.get(cluster + "/topics/known/partitions/1"), 404, 40403);
        http.error(http.get(cluster + "/topics/known/configs/no.such.config"), 404, 404);
        http.error(http.get("/v3/no/such/route"), 404, 404);
        // and a route that exists, for other methods
        http.error(http.put("/v3/clusters", "{}"), 405, 405);
    }

    @Test
    void shouldAnswerRequestsThatCannotBeDoneWith400() throws Exception {
        String topics = cluster + "/topics";
        http.valid(http.post(topics, "{\"topic_name\": \"taken\", \"partitions_count\": 2}"), 201, "TopicData");

        http.error(http.post(topics, "{\"topic_name\": \"taken\""), 400, 400);
        http.error(http.post(topics, "{\"partitions_count\": 1}"), 400, 400);
        http.error(http.post(topics, "{\"topic_name\": \"typo\", \"partition_count\": 1}"), 400, 400);
        JsonNode exists = http.error(http.post(topics, "{\"topic_name\": \"taken\"}"), 400, 40002);
        assertThat(exists.get("message").asText()).contains("taken");
        http.error(http.post(topics, "{\"topic_name\": \"none\", \"partitions_count\": 0}"), 400, 40002);
        http.error(http.post(topics, "{\"topic_name\": \"bad/name\"}"), 400, 40002);
        http.error(http.patch(topics + "/taken", "{\"partitions_count\": 1}"), 400, 40002);
        http.error(http.patch(topics + "/taken", "{\"partitions_count\": \"many\"}"), 400, 400);
        http.error(http.put(topics + "/taken/configs/retention.ms", "{\"value\": \"soon\"}"), 400, 40002);
        http.error(http.post(topics + "/taken/configs:alter",
                "{\"data\": [{\"name\": \"retention.ms\", \"operation\": \"APPEND\", \"value\": \"1\"}]}"), 400, 40002);
    }

    @Test
    void shouldShowTopicsCreatedThroughHttpToTheAdminClientAndTheOtherWayRound() throws Exception {
        http.valid(http.post(cluster + "/topics", "{\"topic_name\": \"from-http\", \"partitions_count\": 3}"), 201,
                "TopicData");
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("from-admin", 2, (short) 1))).all().get();

            TopicDescription fromHttp = admin.describeTopics(List.of("from-http")).allTopicNames().get().get("from-http");
            assertThat(fromHttp.partitions()).hasSize(3);
        }
        JsonNode fromAdmin = http.valid(http.get(cluster + "/topics/from-admin"), 200, "TopicData");
        assertThat(fromAdmin.get("partitions_count").asInt()).isEqualTo(2);
    }

    @Test
    void shouldReportItselfLiveAndReadyWithEachCheck() throws Exception {
        http.valid(http.get("/health/live"), 200, "Health");
        JsonNode ready = http.valid(http.get("/health/ready"), 200, "Health");

        assertThat(ready.get("status").asText()).isEqualTo("UP");
        assertThat(ready.get("checks").findValuesAsText("name")).containsExactly("storage", "kafka-listener", "cluster");
    }

    @Test
    void shouldServeItsOpenApiDocumentAndSwaggerUiFromTheClassPath() throws Exception {
        assertThat(http.document().get("openapi").asText()).startsWith("3.");

        var page = http.send("GET", "/docs", null);
        assertThat(page.statusCode()).isEqualTo(200);
        String script = page.body().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        assertThat(script).isEqualTo("/docs/swagger-ui-bundle.js");
        var bundle = http.send("GET", script, null);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        http.error(http.get("/docs/secrets.txt"), 404, 404);
    }

    @Test
    void shouldServeTheConsolePageAndItsOwnFilesOnly() throws Exception {
        var page = http.send("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/main.js\"></script>");

        var script = http.send("GET", "/console/main.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.body()).contains("import");

        http.error(http.get("/console/no-such-file.js"), 404, 404);
        http.error(http.get("/console/openapi.yaml"), 404, 404);
        http.error(http.get("/console/..%2Fopenapi.yaml"), 404, 404);
    }

    @Test
    void shouldDescribeEveryRouteItServesAndNoOther() {
        List<String> documented = new ArrayList<>();
        http.document().get("paths").properties().forEach(path ->
                path.getValue().properties().stream().map(Map.Entry::getKey)
                        .filter(method -> !method.equals("parameters"))
                        .forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));

        assertThat(broker.broker().httpServer().orElseThrow().routes()).containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void shouldCatchABodyThatStraysFromTheDocument() throws Exception {
        JsonNode topic = http.valid(http.post(cluster + "/topics", "{\"topic_name\": \"strays\"}"), 201, "TopicData");
        ObjectNode renamed = topic.deepCopy();
        renamed.set("internal", renamed.remove("is_internal"));

        assertThat(http.violations(renamed, "TopicData")).isNotEmpty();
    }

    private static List<String> values(JsonNode list, String field) {
        List<String> values = new ArrayList<>();
        list.get("data").forEach(item -> values.add(item.get(field).asText()));
        return values;
    }
}
