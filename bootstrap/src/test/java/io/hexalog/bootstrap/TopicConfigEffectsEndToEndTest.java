package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic configs change what the broker does: max.message.bytes and message.timestamp.type. */
@OnEveryStorage
class TopicConfigEffectsEndToEndTest extends BrokerEndToEndTest {

    private static final int ONE_MB = 1024 * 1024;
    private static final String TWO_MB_VALUE = "x".repeat(2 * ONE_MB);

    @Test
    void shouldRefuseARecordLargerThanTheTopicsMaxMessageBytes() throws Exception {
        createTopic("small-messages", Map.of("max.message.bytes", Integer.toString(ONE_MB)));
        createTopic("large-messages", Map.of("max.message.bytes", Integer.toString(3 * ONE_MB)));
        // the producer's own limit is raised so that the broker is the one to refuse
        try (KafkaProducer<String, String> producer = BROKER.producer(Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * ONE_MB, ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {

            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("small-messages", TWO_MB_VALUE)).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);

            RecordMetadata stored = producer.send(new ProducerRecord<>("large-messages", TWO_MB_VALUE)).get();
            assertThat(stored.offset()).isZero();
        }
    }

    @Test
    void shouldStampLogAppendTimeTopicsWithTheBrokersClock() throws Exception {
        createTopic("stamped", Map.of("message.timestamp.type", "LogAppendTime"));
        long producerTimestamp = 1_000_000_000_000L;
        long before = System.currentTimeMillis();
        RecordMetadata metadata;
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            metadata = producer.send(new ProducerRecord<>("stamped", 0, producerTimestamp, "k", "v")).get();
        }
        long after = System.currentTimeMillis();

        assertThat(metadata.timestamp()).isBetween(before, after);
        try (KafkaConsumer<String, String> consumer = BROKER.consumer()) {
            TopicPartition partition = new TopicPartition("stamped", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            ConsumerRecord<String, String> record = pollOne(consumer);
            assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(record.timestamp()).isEqualTo(metadata.timestamp());
        }
    }

    @Test
    void shouldKeepTheProducersTimestampsOnCreateTimeTopics() throws Exception {
        createTopic("created", Map.of());
        long producerTimestamp = 1_000_000_000_000L;
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            assertThat(producer.send(new ProducerRecord<>("created", 0, producerTimestamp, "k", "v")).get().timestamp())
                    .isEqualTo(producerTimestamp);
        }
        try (KafkaConsumer<String, String> consumer = BROKER.consumer()) {
            TopicPartition partition = new TopicPartition("created", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            ConsumerRecord<String, String> record = pollOne(consumer);
            assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(record.timestamp()).isEqualTo(producerTimestamp);
        }
    }

    private static void createTopic(String name, Map<String, String> configs) throws Exception {
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get();
        }
    }

    private static ConsumerRecord<String, String> pollOne(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                return records.iterator().next();
            }
        }
        throw new AssertionError("No record arrived");
    }
}
