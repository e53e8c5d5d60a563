package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The partition limits as the real AdminClient and producer meet them, on a broker allowed 50 partitions. */
@OnEveryStorage
class PartitionLimitsEndToEndTest {

    private static final int LIMIT = 50;
    private static final String EXCESSIVE = "Excessively large number of partitions per request.";

    @Parameter
    StorageKind storage;

    private RunningBroker broker;
    private Admin admin;

    @BeforeEach
    void startBroker() throws Exception {
        broker = RunningBroker.start(storage, config -> config.withMaxBrokerPartitions(LIMIT));
        admin = broker.admin();
    }

    @AfterEach
    void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void shouldRefuseCreatingMoreThanTenThousandPartitionsInOneRequestAsKafkaDoes() throws Exception {
        List<NewTopic> topics = List.of(new NewTopic("orders", 5_000, (short) 1), new NewTopic("payments", 5_001, (short) 1));

        for (boolean validateOnly : new boolean[] {false, true}) {
            assertThatThrownBy(() -> admin.createTopics(topics, new CreateTopicsOptions().validateOnly(validateOnly))
                    .all().get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(PolicyViolationException.class).hasMessage(EXCESSIVE);
        }
        assertThat(topicNames()).isEmpty();
    }

    @Test
    void shouldCreateTopicsUpToTheBrokerLimitAndRefuseOneMoreNamingTheLimit() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", 30, (short) 1))).all().get();

        String message = "Creating 21 partition(s) would bring this broker to 51 partitions, above its limit of 50"
                + " (max.broker.partitions).";
        for (boolean validateOnly : new boolean[] {true, false}) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("payments", 21, (short) 1)),
                    new CreateTopicsOptions().validateOnly(validateOnly)).all().get())
                    .cause().isInstanceOf(PolicyViolationException.class).hasMessage(message);
        }
        admin.createTopics(List.of(new NewTopic("payments", 20, (short) 1))).all().get();

        assertThat(topicNames()).containsExactlyInAnyOrder("orders", "payments");
    }

    @Test
    void shouldRefuseGrowingATopicOverTheBrokerLimit() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", 40, (short) 1))).all().get();

        for (boolean validateOnly : new boolean[] {true, false}) {
            assertThatThrownBy(() -> admin.createPartitions(Map.of("orders", NewPartitions.increaseTo(51)),
                    new CreatePartitionsOptions().validateOnly(validateOnly)).all().get())
                    .cause().isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("above its limit of 50 (max.broker.partitions)");
        }
        admin.createPartitions(Map.of("orders", NewPartitions.increaseTo(50))).all().get();

        assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions()).hasSize(50);
    }

    @Test
    void shouldNotAutoCreateATopicForAProducerWhenTheBrokerIsFull() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", LIMIT, (short) 1))).all().get();

        try (KafkaProducer<String, String> producer = broker.producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("clicks", "k", "v")).get())
                    .hasMessageContaining("not present in metadata");
        }
        assertThat(topicNames()).containsExactly("orders");
    }

    private List<String> topicNames() throws Exception {
        return new ArrayList<>(admin.listTopics().names().get());
    }
}
