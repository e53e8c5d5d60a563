package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The storage reserve of a cluster node, with the real Java client: three brokers whose reserve
 * ({@code storage.min.free.bytes}) no disk has, so every node says it is low as soon as it checks, refuse produce
 * with KAFKA_STORAGE_ERROR, acks=1 and acks=all alike, while topics are still created and described.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterStorageReserveEndToEndTest {

    /** More free bytes than any disk has. */
    private static final long UNREACHABLE_RESERVE = Long.MAX_VALUE / 2;

    private RunningCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRefuseProduceWithKafkaStorageErrorWhileTheNodesAreBelowTheirReserve() throws Exception {
        cluster = RunningCluster.start(StorageKind.MEMORY, 3, RunningCluster.storageReserve(UNREACHABLE_RESERVE));
        String topic = "reserved";
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 3))).all().get(30, TimeUnit.SECONDS);
            TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic);
            assertThat(described.partitions()).hasSize(2)
                    .allSatisfy(partition -> assertThat(partition.isr()).hasSize(3));
        }

        // each node tells the cluster it is low at its first check of its volume, half a second after it joined
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of("acks", "all", "enable.idempotence",
                false, "retries", 0, "linger.ms", 0))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> refused(producer, topic));
        }

        for (String acks : List.of("1", "all")) {
            try (KafkaProducer<String, String> producer = cluster.producer(Map.of("acks", acks,
                    "enable.idempotence", false, "retries", 0, "delivery.timeout.ms", 20_000,
                    "request.timeout.ms", 15_000, "linger.ms", 0))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, 0, "k", "v"))
                        .get(30, TimeUnit.SECONDS))
                        .as("acks=%s", acks)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(KafkaStorageException.class);
            }
        }
    }

    /** Sends one record: true if it was refused with KAFKA_STORAGE_ERROR, false if it was stored. */
    private static boolean refused(KafkaProducer<String, String> producer, String topic) throws Exception {
        try {
            producer.send(new ProducerRecord<>(topic, 0, "k", "early")).get(30, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaStorageException) {
                return true;
            }
            throw e;
        }
    }
}
