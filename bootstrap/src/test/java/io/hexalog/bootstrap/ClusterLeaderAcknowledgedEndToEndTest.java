package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * acks=1 on three brokers, driven by the real Java client: the partition's leader answers once it has placed the
 * batch in its own log, before a majority holds it, and the offset it answers with is where the record is read,
 * also while idempotent and transactional producers, whose batches may be refused, write to the same partitions.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterLeaderAcknowledgedEndToEndTest {

    private static final Map<String, Object> ACKS_ONE = Map.of("acks", "1", "enable.idempotence", false,
            "linger.ms", 1, "max.in.flight.requests.per.connection", 5);

    private RunningCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldAnswerAcksOneFromTheLeaderAloneAndAcksAllOnlyOnceAMajorityHoldsTheBatch() throws Exception {
        // given: elections slow enough that the leader keeps leading for seconds after its followers stop
        cluster = RunningCluster.start(StorageKind.MEMORY, 3, config -> config.withCluster(new ServerConfig.Cluster(
                config.cluster().orElseThrow().quorumVoters(), 3, Duration.ofSeconds(5))));
        String topic = "alone";
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }
        long before;
        try (KafkaProducer<String, String> producer = cluster.producer(ACKS_ONE)) {
            before = producer.send(new ProducerRecord<>(topic, 0, "k", "with-followers")).get(60, TimeUnit.SECONDS)
                    .offset();
        }
        int leader = leaderOf(topic);
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            if (nodeId != leader) {
                cluster.stopNode(nodeId);
            }
        }

        // when
        RecordMetadata alone;
        Throwable unanswered;
        try (KafkaProducer<String, String> acksOne = cluster.producer(Map.of("acks", "1", "enable.idempotence", false,
                "delivery.timeout.ms", 5_000, "request.timeout.ms", 4_000));
             KafkaProducer<String, String> acksAll = cluster.producer(Map.of("acks", "all", "enable.idempotence", false,
                     "delivery.timeout.ms", 3_000, "request.timeout.ms", 2_500, "linger.ms", 0))) {
            alone = acksOne.send(new ProducerRecord<>(topic, 0, "k", "leader-only")).get(10, TimeUnit.SECONDS);
            unanswered = catchThrowable(() -> acksAll.send(new ProducerRecord<>(topic, 0, "k", "needs-majority"))
                    .get(10, TimeUnit.SECONDS));
        }
        for (int nodeId = 1; nodeId <= 3; nodeId++) {
            if (nodeId != leader) {
                cluster.startNode(nodeId);
            }
        }

        // then
        assertThat(alone.offset()).isEqualTo(before + 1);
        assertThat(unanswered).as("acks=all without a majority").isNotNull();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(cluster.consumeAll(topic, 1)).containsEntry("0@" + alone.offset(), "leader-only"));
    }

    @Test
    void shouldReadEveryAcksOneRecordAtTheOffsetItsLeaderAnsweredWithAmongIdempotentAndTransactionalWrites()
            throws Exception {
        // given
        cluster = RunningCluster.start(StorageKind.MEMORY, 3);
        String topic = "mixed";
        int partitions = 2;
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get(30, TimeUnit.SECONDS);
        }

        // when: acks=1 batches share the partitions with batches and markers whose offsets the leader cannot foresee
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        CompletableFuture<Void> idempotent = CompletableFuture.runAsync(() -> sendIdempotent(topic, partitions));
        CompletableFuture<Void> transactional = CompletableFuture.runAsync(() -> sendTransactions(topic));
        try (KafkaProducer<String, String> producer = cluster.producer(ACKS_ONE)) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                String value = "acks-one-" + i;
                values.add(value);
                sends.add(producer.send(new ProducerRecord<>(topic, i % partitions, value, value)));
            }
            for (int i = 0; i < sends.size(); i++) {
                RecordMetadata sent = sends.get(i).get(60, TimeUnit.SECONDS);
                acknowledged.put(sent.partition() + "@" + sent.offset(), values.get(i));
            }
        }
        idempotent.get(120, TimeUnit.SECONDS);
        transactional.get(120, TimeUnit.SECONDS);

        // then
        assertThat(acknowledged).hasSize(3_000);
        assertThat(cluster.consumeAll(topic, partitions)).containsAllEntriesOf(acknowledged);
    }

    private void sendIdempotent(String topic, int partitions) {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of("linger.ms", 1))) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, i % partitions, "idempotent-" + i,
                        "idempotent-" + i)));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void sendTransactions(String topic) {
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of("transactional.id", "mixed-tx"))) {
            producer.initTransactions();
            for (int transaction = 0; transaction < 20; transaction++) {
                producer.beginTransaction();
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "tx-" + transaction, "tx-" + transaction + "-" + i));
                }
                if (transaction % 3 == 0) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
    }

    private int leaderOf(String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().get(0).leader().id();
        }
    }
}
