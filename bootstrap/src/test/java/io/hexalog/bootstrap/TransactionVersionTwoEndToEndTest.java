package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transaction version 2 (KIP-890) with the real Java client, on each storage kind: kafka-clients 4.x reads the
 * finalized {@code transaction.version} from ApiVersions and then bumps its epoch with every EndTxn, adds no
 * partition or group itself (the broker does, on Produce v12 and TxnOffsetCommit v5), and is still fenced by a
 * newer instance.
 */
@OnEveryStorage
@Timeout(120)
class TransactionVersionTwoEndToEndTest extends BrokerEndToEndTest {

    private KafkaProducer<String, String> transactional(String transactionalId) {
        return BROKER.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000));
    }

    /**
     * Sends one record of the open transaction and waits for its acknowledgement. The Java client reads whether
     * batches are incomplete before it takes its next transactional request, so a commit made right after a send can
     * leave ahead of the batch; the coordinator then refuses it as a commit of no transaction (INVALID_TXN_STATE), as
     * Kafka's does, and the client fails for good. Waiting closes that window in the client.
     */
    private static void sendAcknowledged(KafkaProducer<String, String> producer, String topic, String value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, "k", value)).get(30, TimeUnit.SECONDS);
    }

    private static TransactionDescription describe(String transactionalId) throws Exception {
        try (Admin admin = BROKER.admin()) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get();
        }
    }

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

    @Test
    void shouldFinalizeTransactionVersionTwo() throws Exception {
        try (Admin admin = BROKER.admin()) {
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get();

            FinalizedVersionRange transactionVersion = features.finalizedFeatures().get("transaction.version");
            assertThat(transactionVersion.minVersionLevel()).isEqualTo((short) 2);
            assertThat(transactionVersion.maxVersionLevel()).isEqualTo((short) 2);
            assertThat(features.supportedFeatures().get("transaction.version").maxVersion()).isEqualTo((short) 2);
        }
    }

    @Test
    void shouldBumpTheEpochWithEveryCommitAndAbort() throws Exception {
        // given
        String id = "bumping-" + storage;
        String topic = "bumped-" + storage;
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = transactional(id)) {
            producer.initTransactions();
            int initial = describe(id).producerEpoch();
            long producerId = describe(id).producerId();

            // when
            for (String value : List.of("one", "two", "three")) {
                producer.beginTransaction();
                sendAcknowledged(producer, topic, value);
                producer.commitTransaction();
            }
            int afterCommits = describe(id).producerEpoch();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "dropped"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            sendAcknowledged(producer, topic, "four");
            producer.commitTransaction();

            // then
            assertThat(afterCommits).isEqualTo(initial + 3);
            assertThat(describe(id).producerEpoch()).isEqualTo(initial + 5);
            assertThat(describe(id).producerId()).isEqualTo(producerId);
            assertThat(describe(id).state().toString()).isEqualTo("CompleteCommit");
        }
        assertThat(read(topic, "read_committed", 4)).containsExactly("one", "two", "three", "four");
        assertThat(read(topic, "read_uncommitted", 5)).containsExactly("one", "two", "three", "dropped", "four");
    }

    @Test
    void shouldAbortATransactionEndedAtOnceAfterACommitWhoseMarkersAreStillBeingWritten() throws Exception {
        // given a producer that aborts each transaction right after sending to it, and so before its batch leaves
        // the client: its EndTxn comes straight after the commit's answer, while that commit's markers are written
        String topic = "abort-at-once-" + storage;
        BROKER.createTopic(topic, 1);
        List<String> committed = new ArrayList<>();
        try (KafkaProducer<String, String> producer = transactional("abort-at-once-" + storage)) {
            producer.initTransactions();

            // when
            for (int t = 0; t < 60; t++) {
                producer.beginTransaction();
                sendAcknowledged(producer, topic, "committed-" + t);
                producer.commitTransaction();
                committed.add("committed-" + t);
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, 0, "k", "aborted-" + t));
                producer.abortTransaction();
            }
        }

        // then every abort was taken, and only the commits are read
        assertThat(read(topic, "read_committed", committed.size())).isEqualTo(committed);
    }

    @Test
    void shouldCommitOffsetsSentToATransactionWithoutAddOffsetsToTxn() throws Exception {
        // given
        String id = "offsets-" + storage;
        String group = "offsets-group-" + storage;
        String topic = "offsets-out-" + storage;
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = transactional(id)) {
            producer.initTransactions();
            int initial = describe(id).producerEpoch();

            // when
            producer.beginTransaction();
            sendAcknowledged(producer, topic, "transformed");
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(17)),
                    new ConsumerGroupMetadata(group));
            producer.commitTransaction();

            // then
            assertThat(describe(id).producerEpoch()).isEqualTo(initial + 1);
        }
        try (Admin admin = BROKER.admin()) {
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                    .containsEntry(new TopicPartition(topic, 0), new OffsetAndMetadata(17));
        }
        assertThat(read(topic, "read_committed", 1)).containsExactly("transformed");
    }

    @Test
    void shouldFenceAZombieWhoseEpochANewerInstanceBumped() throws Exception {
        // given a producer that committed once, at an epoch its commit bumped
        String id = "zombie-" + storage;
        String topic = "zombie-out-" + storage;
        BROKER.createTopic(topic, 1);
        try (KafkaProducer<String, String> zombie = transactional(id);
             KafkaProducer<String, String> successor = transactional(id)) {
            zombie.initTransactions();
            zombie.beginTransaction();
            sendAcknowledged(zombie, topic, "before");
            zombie.commitTransaction();

            // when a newer instance takes the transactional ID over
            successor.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>(topic, 0, "k", "from-the-zombie"));

            // then the zombie cannot commit, and the successor can
            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(KafkaException.class);
            successor.beginTransaction();
            sendAcknowledged(successor, topic, "after");
            successor.commitTransaction();
        }
        assertThat(read(topic, "read_committed", 2)).containsExactly("before", "after");
    }
}
