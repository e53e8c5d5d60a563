package io.hexalog.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hexalog.adapter.replication.ratis.FixedPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /health/ready} of a node of a three-node cluster: not ready, saying why, while it waits for a
 * majority of the voters (its Kafka listener bound but accepting no connection), and ready once a second node is up
 * and it has joined.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClusterReadinessEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void shouldBeNotReadyWhileTheOtherNodesAreDownAndReadyOnceItHasJoined() throws Exception {
        try (RunningCluster cluster = RunningCluster.stopped(StorageKind.MEMORY, 3)) {
            int httpPort = FixedPorts.free();
            // given node 1 started alone: its start waits for a majority of the three voters
            CompletableFuture<Void> first = CompletableFuture.runAsync(
                    () -> cluster.startNode(1, new ServerConfig.Http("127.0.0.1", httpPort)));
            try {
                // when its admin API answers (at once where the machine is not busy)
                AtomicReference<HttpResponse<String>> waiting = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> {
                            waiting.set(ready(httpPort));
                            return true;
                        });

                // then it is not ready, and says the cluster is why
                assertThat(waiting.get().statusCode()).isEqualTo(503);
                JsonNode body = JSON.readTree(waiting.get().body());
                assertThat(body.get("status").asText()).isEqualTo("DOWN");
                assertThat(check(body, "storage").get("status").asText()).isEqualTo("UP");
                assertThat(check(body, "kafka-listener").get("status").asText()).isEqualTo("DOWN");
                assertThat(check(body, "kafka-listener").get("reason").asText())
                        .isEqualTo("the Kafka listener does not accept connections");
                assertThat(check(body, "cluster").get("status").asText()).isEqualTo("DOWN");
                assertThat(check(body, "cluster").get("reason").asText())
                        .isEqualTo("no controller known: waiting for a majority of the voters to be up");
                assertThat(first).isNotDone();
            } finally {
                // when a second node comes up, a majority is
                cluster.startNode(2);
                first.get(60, TimeUnit.SECONDS);
            }

            // then node 1 has joined and is ready
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ready(httpPort).statusCode() == 200);
            JsonNode joined = JSON.readTree(ready(httpPort).body());
            assertThat(joined.get("status").asText()).isEqualTo("UP");
            assertThat(check(joined, "cluster").has("reason")).isFalse();
        }
    }

    private HttpResponse<String> ready(int port) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
