package io.hexalog.bootstrap;

import io.hexalog.domain.config.LogConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A memory broker whose budget ({@code --memory-max-bytes}) holds about ten records of 10 KB, filled by the
 * real Java producer: what the producer is told, and what a consumer can read afterwards.
 */
class MemoryBudgetEndToEndTest {

    private static final long BUDGET = 100_000;
    private static final Duration RETENTION_CHECK_INTERVAL = Duration.ofMillis(200);
    private static final String VALUE = "v".repeat(10_000);
    /** Well under the producer's default: a refusal the producer retried would fail the test, not hang it. */
    private static final Map<String, Object> BOUNDED = Map.of(
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
            ProducerConfig.LINGER_MS_CONFIG, 0);

    private RunningBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = RunningBroker.start(StorageKind.MEMORY, config -> config.withMemoryMaxBytes(BUDGET)
                .withLogDefaults(LogConfig.KAFKA_DEFAULTS, RETENTION_CHECK_INTERVAL));
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void shouldTellAProducerItsRecordsDoNotFitAndTakeItsNextRecordsOnceDeleteRecordsGaveMemoryBack()
            throws Exception {
        broker.createTopic("filled", 1);
        try (KafkaProducer<String, String> producer = broker.producer(BOUNDED)) {
            // when an idempotent producer sends records one by one until one is refused
            int stored = 0;
            ExecutionException refusal = null;
            while (refusal == null && stored < 50) {
                try {
                    producer.send(new ProducerRecord<>("filled", 0, "k", VALUE)).get();
                    stored++;
                } catch (ExecutionException e) {
                    refusal = e;
                }
            }

            // then it is told at once, with a Kafka error and the reason, on the connection it has
            assertThat(stored).isBetween(5, 10);
            assertThat(refusal).isNotNull().cause().isInstanceOf(PolicyViolationException.class)
                    .hasMessageContaining("log.memory.max.bytes");
            assertThat(metric(producer, "connection-close-total")).isZero();

            // and once DeleteRecords gives memory back, the same producer's next record gets the next offset:
            // neither a gap nor a sequence error from the refused one
            try (Admin admin = broker.admin()) {
                admin.deleteRecords(Map.of(new TopicPartition("filled", 0), RecordsToDelete.beforeOffset(stored)))
                        .all().get();
            }
            RecordMetadata next = producer.send(new ProducerRecord<>("filled", 0, "k", VALUE)).get();
            assertThat(next.offset()).isEqualTo(stored);
            assertThat(metric(producer, "connection-close-total")).isZero();
        }
    }

    @ParameterizedTest(name = "idempotent: {0}")
    @ValueSource(booleans = {false, true})
    void shouldNotStoreRefusedRecordsOfAProducerThatDoesNotWaitBetweenThem(boolean idempotent) throws Exception {
        broker.createTopic("lossy", 1);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer = broker.producer(idempotent ? BOUNDED : withoutIdempotence())) {
            // when a producer sends more than fits, five requests in flight, large records between small ones
            // (small ones still fit after a large one was refused)
            for (int i = 0; i < 30; i++) {
                String value = i % 3 == 0 ? "small" : VALUE;
                sends.add(producer.send(new ProducerRecord<>("lossy", 0, "k", i + ":" + value)));
            }
            producer.flush();
        }
        List<String> acknowledged = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get();
                acknowledged.add(Integer.toString(i));
            } catch (ExecutionException e) {
                // never a sequence error: a refused batch left no sequence behind
                assertThat(e).cause().isInstanceOf(PolicyViolationException.class);
                refused++;
            }
        }
        assertThat(refused).isPositive();

        // then a consumer reads the records the producer was told were stored, in order and once each, and none
        // it was told failed
        assertThat(readAll("lossy")).extracting(value -> value.substring(0, value.indexOf(':')))
                .containsExactlyElementsOf(acknowledged);
    }

    @Test
    void shouldTakeRecordsAgainOnceAFullTopicIsDeleted() throws Exception {
        broker.createTopic("first", 1);
        try (KafkaProducer<String, String> producer = broker.producer(BOUNDED)) {
            fill(producer, "first");

            try (Admin admin = broker.admin()) {
                admin.deleteTopics(List.of("first")).all().get();
            }
            broker.createTopic("second", 1);

            // the same producer, on the same connection, stores as much as before in the new topic
            assertThat(producer.send(new ProducerRecord<>("second", 0, "k", VALUE)).get().offset()).isZero();
            assertThat(metric(producer, "connection-close-total")).isZero();
        }
    }

    @Test
    void shouldTakeRecordsAgainOnceRetentionBytesHasDroppedOldOnes() throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("rolling", 1, (short) 1)
                    .configs(Map.of("retention.bytes", "30000")))).all().get();
        }
        try (KafkaProducer<String, String> producer = broker.producer(BOUNDED)) {
            // three times what the budget holds, each record sent again while memory is full
            for (int i = 0; i < 30; i++) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (true) {
                    try {
                        producer.send(new ProducerRecord<>("rolling", 0, "k", i + ":" + VALUE)).get();
                        break;
                    } catch (ExecutionException e) {
                        assertThat(e).cause().isInstanceOf(PolicyViolationException.class);
                        assertThat(System.nanoTime()).as("retention gave no memory back").isLessThan(deadline);
                        Thread.sleep(RETENTION_CHECK_INTERVAL.toMillis() / 2);
                    }
                }
            }

            // then every record was stored in the end: retention gave the memory of the oldest back
            assertThat(metric(producer, "connection-close-total")).isZero();
        }
        try (KafkaConsumer<String, String> consumer = broker.consumer()) {
            TopicPartition partition = new TopicPartition("rolling", 0);
            assertThat(consumer.endOffsets(List.of(partition)).get(partition)).isEqualTo(30);
        }
    }

    private static void fill(KafkaProducer<String, String> producer, String topic) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try {
                producer.send(new ProducerRecord<>(topic, 0, "k", VALUE)).get();
            } catch (ExecutionException e) {
                assertThat(e).cause().isInstanceOf(PolicyViolationException.class);
                return;
            }
        }
        throw new AssertionError("50 records of 10 KB fitted in a budget of " + BUDGET + " bytes");
    }

    private static Map<String, Object> withoutIdempotence() {
        Map<String, Object> config = new HashMap<>(BOUNDED);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        return config;
    }

    private List<String> readAll(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static double metric(KafkaProducer<String, String> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> entry : producer.metrics().entrySet()) {
            if (entry.getKey().name().equals(name) && entry.getKey().group().equals("producer-metrics")) {
                return ((Number) entry.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("The producer has no metric " + name);
    }
}
