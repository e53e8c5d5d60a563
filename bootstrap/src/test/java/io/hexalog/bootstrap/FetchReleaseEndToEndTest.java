package io.hexalog.bootstrap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RocksDB broker reads fetched batches into lent direct memory: once the real Java consumer has read
 * everything (and its last long polls have been answered or dropped with the connection), all of it is back.
 */
class FetchReleaseEndToEndTest {

    private static final int RECORDS = 3_000;
    private static final String VALUE = "v".repeat(1_000);

    private RunningBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        broker = RunningBroker.start(StorageKind.ROCKSDB);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void shouldGiveBackEveryFetchsMemoryOnceTheConsumerIsDone() throws Exception {
        broker.createTopic("events", 3);
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>("events", i % 3, "k" + i, VALUE));
            }
        }

        List<String> consumed = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50))) {
            List<TopicPartition> partitions = List.of(new TopicPartition("events", 0),
                    new TopicPartition("events", 1), new TopicPartition("events", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumed.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    consumed.add(record.key());
                }
            }
        }

        assertThat(consumed).hasSize(RECORDS);
        assertThat(eventuallyLent()).isZero();
    }

    /** What is still lent, once the responses in flight when the consumer left have been written or dropped. */
    private long eventuallyLent() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long lent = broker.broker().storageReadBytesLent();
        while (lent != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            lent = broker.broker().storageReadBytesLent();
        }
        return lent;
    }
}
