package io.hexalog.junit;

import io.hexalog.junit.endtoend.Clients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a test class annotated {@link HexalogBroker} gets, seen with the real Java clients. */
@HexalogBroker(topics = {
        @Topic(name = "orders", partitions = 3, configs = "retention.ms=60000"),
        @Topic(name = "payments")})
class HexalogBrokerTest {

    @BootstrapServers
    static String serversBeforeAll;

    @BootstrapServers
    String servers;

    private static String seenInBeforeAll;

    @BeforeAll
    static void recordTheAddress(@BootstrapServers String servers) {
        seenInBeforeAll = servers;
    }

    @Test
    void shouldGiveFieldsAndParametersTheAddressOfOneBrokerOnLoopback(@BootstrapServers String parameter) {
        assertThat(servers).matches("127\\.0\\.0\\.1:\\d+").isNotEqualTo("127.0.0.1:9092");
        assertThat(parameter).isEqualTo(servers);
        assertThat(serversBeforeAll).isEqualTo(servers);
        assertThat(seenInBeforeAll).isEqualTo(servers);
        assertThat(Clients.listening(servers)).isTrue();
    }

    @Test
    void shouldHaveCreatedTheTopicsOfTheAnnotationWithTheirPartitionsAndConfigs() throws Exception {
        try (Admin admin = Clients.admin(servers)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("orders", "payments"))
                    .allTopicNames().get();
            assertThat(topics.get("orders").partitions()).hasSize(3);
            assertThat(topics.get("payments").partitions()).hasSize(1);
            ConfigResource orders = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            assertThat(admin.describeConfigs(List.of(orders)).all().get().get(orders).get("retention.ms").value())
                    .isEqualTo("60000");
        }
    }

    @Test
    void shouldServeTheRealProducerAndConsumer() throws Exception {
        // when
        Clients.send(servers, "payments", "paid");

        // then
        assertThat(Clients.readAll(servers, "payments", 0, 1)).containsExactly("paid");
    }

    @Nested
    class NestedWithoutAnAnnotation {

        @BootstrapServers
        String nestedServers;

        @Test
        void shouldShareTheBrokerOfTheEnclosingClass() {
            assertThat(nestedServers).isEqualTo(servers).isEqualTo(serversBeforeAll);
        }
    }

    @Nested
    @HexalogBroker(topics = @Topic(name = "audit"))
    class NestedWithAnAnnotationOfItsOwn {

        @Test
        void shouldRunABrokerOfItsOwnWithItsOwnTopics(@BootstrapServers String ownServers) throws Exception {
            assertThat(ownServers).isNotEqualTo(servers);
            try (Admin admin = Clients.admin(ownServers)) {
                assertThat(admin.listTopics().names().get()).containsExactly("audit");
            }
        }
    }
}
