package io.hexalog.bootstrap;

import io.hexalog.domain.config.LogConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Retention in the background, checked every 200 ms, as consumers see it. */
@OnEveryStorage
class RetentionEndToEndTest {

    static RunningBroker BROKER;

    /** The storage kind of this run, passed to the class lifecycle methods. */
    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        BROKER = RunningBroker.start(storage,
                config -> config.withLogDefaults(LogConfig.KAFKA_DEFAULTS, Duration.ofMillis(200)));
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void shouldDeleteRecordsOlderThanRetentionMsAndMoveConsumersToTheNewStart() throws Exception {
        TopicPartition partition = createTopic("short-lived", Map.of("retention.ms", "1000"));
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), 0, now, "k", "old-" + i)).get();
            }
        }

        // then, once a second has passed and retention has run, the earliest offset is the end of the log
        try (KafkaConsumer<String, String> consumer = BROKER.consumer()) {
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    consumer.beginningOffsets(List.of(partition)).get(partition) == 10L);
        }

        // and new records (stamped in the future so that they outlive the test) are appended after them
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), 0, now + 600_000, "k", "new-" + i)).get();
            }
        }

        // a consumer positioned below the log start is moved to it by auto.offset.reset=earliest
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 2);
            List<ConsumerRecord<String, String>> records = pollAtLeast(consumer, 3);
            assertThat(records).extracting(ConsumerRecord::offset).containsExactly(10L, 11L, 12L);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("new-0", "new-1", "new-2");
        }

        // and one without a reset policy is told its offset is out of range
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, 2);
            assertThatThrownBy(() -> pollAtLeast(consumer, 1)).isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    @Test
    void shouldKeepTheLogWithinRetentionBytes() throws Exception {
        TopicPartition partition = createTopic("size-limited", Map.of("retention.bytes", "1000"));
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), 0, "k", "v".repeat(200))).get();
            }
        }

        try (KafkaConsumer<String, String> consumer = BROKER.consumer()) {
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    consumer.beginningOffsets(List.of(partition)).get(partition) > 10L);
            long earliest = consumer.beginningOffsets(List.of(partition)).get(partition);
            assertThat(earliest).isLessThan(20);
            consumer.assign(List.of(partition));
            consumer.seek(partition, earliest);
            assertThat(pollAtLeast(consumer, (int) (20 - earliest))).extracting(ConsumerRecord::offset).last().isEqualTo(19L);
        }
    }

    private static TopicPartition createTopic(String name, Map<String, String> configs) throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get();
        }
        return new TopicPartition(name, 0);
    }

    private static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
