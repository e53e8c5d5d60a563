package io.hexalog.bootstrap;

import io.hexalog.application.service.TransactionCoordinatorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Transactions with the real Java client, on each storage kind: the transaction coordinator's side. Producers
 * initialise, a newer instance fences an older one, offsets sent to a transaction become the group's only when it
 * commits, and a transaction left open past its timeout is aborted. Records written in transactions are the
 * partitions' side: see {@code TransactionalRecordsEndToEndTest}.
 */
@OnEveryStorage
@Timeout(120)
class TransactionsEndToEndTest {

    private static final String TOPIC = "ledger";
    /** Short, so that a transaction left open is aborted within a second or two. */
    private static final Duration ABORT_CHECK_INTERVAL = Duration.ofMillis(200);

    static RunningBroker broker;

    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        broker = RunningBroker.start(storage, config -> config.withTransactions(new TransactionCoordinatorConfig(
                900_000, TransactionCoordinatorConfig.DEFAULT_TRANSACTIONAL_ID_EXPIRATION, ABORT_CHECK_INTERVAL)));
        broker.createTopic(TOPIC, 2);
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        broker.close();
    }

    private static KafkaProducer<String, String> transactional(String transactionalId, int timeoutMs) {
        return broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000));
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    @Test
    void shouldInitialiseATransactionalProducer() throws Exception {
        // when
        try (KafkaProducer<String, String> producer = transactional("init-" + storage, 60_000)) {
            producer.initTransactions();

            // then
            try (Admin admin = broker.admin()) {
                TransactionDescription description = admin.describeTransactions(List.of("init-" + storage))
                        .description("init-" + storage).get();
                assertThat(description.state().toString()).isEqualTo("Empty");
                assertThat(description.producerEpoch()).isZero();
                Collection<TransactionListing> listed = admin.listTransactions().all().get();
                assertThat(listed).extracting(TransactionListing::transactionalId).contains("init-" + storage);
            }
        }
    }

    @Test
    void shouldFenceAnOlderInstanceOfTheSameTransactionalId() {
        // given
        String id = "zombie-" + storage;
        try (KafkaProducer<String, String> zombie = transactional(id, 60_000);
             KafkaProducer<String, String> successor = transactional(id, 60_000)) {
            zombie.initTransactions();
            successor.initTransactions();

            // when
            zombie.beginTransaction();

            // then
            assertThatThrownBy(() -> zombie.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1)), new ConsumerGroupMetadata("fenced")))
                    .isInstanceOf(ProducerFencedException.class);
        }
    }

    @Test
    void shouldMakeOffsetsSentToATransactionTheGroupsWhenItCommits() throws Exception {
        // given
        String group = "committing-" + storage;
        try (KafkaProducer<String, String> producer = transactional("offsets-commit-" + storage, 60_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(TOPIC, 1), new OffsetAndMetadata(17, "seen")),
                    new ConsumerGroupMetadata(group));
            assertThat(committedOffsets(group)).isEmpty();

            // when
            producer.commitTransaction();
        }

        // then
        assertThat(committedOffsets(group)).isEqualTo(Map.of(new TopicPartition(TOPIC, 1),
                new OffsetAndMetadata(17, "seen")));
    }

    @Test
    void shouldDropOffsetsSentToATransactionThatAborts() throws Exception {
        // given
        String group = "aborting-" + storage;
        try (KafkaProducer<String, String> producer = transactional("offsets-abort-" + storage, 60_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(9)),
                    new ConsumerGroupMetadata(group));

            // when
            producer.abortTransaction();
        }

        // then
        assertThat(committedOffsets(group)).isEmpty();
    }

    @Test
    void shouldAbortATransactionLeftOpenPastItsTimeout() throws Exception {
        // given
        String group = "timed-out-" + storage;
        try (KafkaProducer<String, String> producer = transactional("slow-" + storage, 1_000)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(3)),
                    new ConsumerGroupMetadata(group));

            // when: the timeout passes and the coordinator's next check aborts it (however late a busy machine runs it)
            Thread.sleep(1_000 + 5 * ABORT_CHECK_INTERVAL.toMillis());
            try (Admin admin = broker.admin()) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(admin.describeTransactions(
                        List.of("slow-" + storage)).description("slow-" + storage).get().state().toString())
                        .isEqualTo("CompleteAbort"));
            }

            // then
            assertThatThrownBy(producer::commitTransaction).isInstanceOf(KafkaException.class);
        }
        assertThat(committedOffsets(group)).isEmpty();
    }
}
