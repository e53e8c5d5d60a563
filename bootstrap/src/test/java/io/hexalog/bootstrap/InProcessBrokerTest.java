package io.hexalog.bootstrap;

import io.hexalog.domain.error.TopicAlreadyExistsException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broker started in process, as a test framework embeds it, creating topics before any client connects. */
class InProcessBrokerTest {

    @TempDir
    static Path dataDir;
    private static HexalogBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = HexalogBroker.startInProcess(ServerConfig.loopback(StorageKind.MEMORY, dataDir), (what, cause) -> { });
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldCreateATopicThatClientsThenSeeWithItsPartitionsAndConfigs() throws Exception {
        // when
        broker.createTopic("orders", 3, Map.of("retention.ms", "60000"));

        // then
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicDescription orders = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders");
            assertThat(orders.partitions()).hasSize(3);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                    .isEqualTo("60000");
        }
    }

    @Test
    void shouldRefuseToCreateATopicTwiceWithTheDomainsError() {
        // given
        broker.createTopic("payments", 1, Map.of());

        // when / then
        assertThatThrownBy(() -> broker.createTopic("payments", 2, Map.of()))
                .isInstanceOf(TopicAlreadyExistsException.class);
    }
}
