package io.hexalog.bootstrap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records written in transactions, with the real Java client on each storage kind: committed ones reach
 * {@code read_committed} consumers, aborted ones never do, and {@code read_uncommitted} consumers see both. This
 * takes both sides of transactions: the coordinator, which decides and submits {@code WriteTxnMarker}, and the
 * partitions (transactional batches accepted by Produce, the markers applied to the logs, the last stable offset
 * and aborted transactions in Fetch).
 */
@OnEveryStorage
@Timeout(120)
class TransactionalRecordsEndToEndTest extends BrokerEndToEndTest {

    private List<String> read(String topic, String isolation, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }

    private KafkaProducer<String, String> transactional(String transactionalId) {
        return BROKER.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId + "-" + storage));
    }

    @Test
    void shouldShowCommittedRecordsToReadCommittedConsumers() throws Exception {
        // given
        String topic = "committed-" + storage;
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = transactional("committer")) {
            producer.initTransactions();

            // when
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "one"));
            // acknowledged first: a commit right after a send can leave ahead of the batch (INVALID_TXN_STATE)
            producer.send(new ProducerRecord<>(topic, 0, "k", "two")).get(30, TimeUnit.SECONDS);
            producer.commitTransaction();
        }

        // then
        assertThat(read(topic, "read_committed", 2)).containsExactly("one", "two");
    }

    @Test
    void shouldHideAbortedRecordsFromReadCommittedConsumers() throws Exception {
        // given
        String topic = "aborted-" + storage;
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = transactional("aborter")) {
            producer.initTransactions();

            // when
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "dropped"));
            producer.flush(); // in the log before the abort: the client drops what it has not sent yet
            producer.abortTransaction();
            producer.beginTransaction();
            // acknowledged first: a commit right after a send can leave ahead of the batch (INVALID_TXN_STATE)
            producer.send(new ProducerRecord<>(topic, 0, "k", "kept")).get(30, TimeUnit.SECONDS);
            producer.commitTransaction();
        }

        // then
        assertThat(read(topic, "read_committed", 1)).containsExactly("kept");
        assertThat(read(topic, "read_uncommitted", 2)).containsExactly("dropped", "kept");
    }
}
