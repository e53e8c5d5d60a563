package io.hexalog.bootstrap;

import io.hexalog.application.service.TransactionCoordinatorConfig;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.PutTransaction;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker stops in the middle of a transaction and starts again on the same RocksDB data: what was committed
 * stays visible, what was left open is aborted and stays hidden, and a transaction already decided when the broker
 * stopped gets its markers once it is back.
 */
@Timeout(120)
class TransactionRestartEndToEndTest {

    private static final String TOPIC = "ledger";
    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition(TOPIC, 0),
            new TopicPartition(TOPIC, 1));
    /** Short, so that a transaction left open is aborted within a second or two of the restart. */
    private static final Duration ABORT_CHECK_INTERVAL = Duration.ofMillis(200);
    /** A single broker's coordinator epoch: its metadata log has one term, 0. */
    private static final int SINGLE_BROKER_EPOCH = 0;
    private static final int SHORT_TIMEOUT_MS = 2_000;
    private static final int LONG_TIMEOUT_MS = 60_000;
    private static final String GROUP = "ledger-readers";

    @TempDir
    Path dataDir;
    private RunningBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAbortATransactionLeftOpenByARestartAndKeepTheCommittedOne() throws Exception {
        // given
        startBroker();
        broker.createTopic(TOPIC, 2);
        KafkaProducer<String, String> producer = transactional("restarted", SHORT_TIMEOUT_MS);
        producer.initTransactions();
        producer.beginTransaction();
        sendToBothPartitions(producer, "committed");
        producer.commitTransaction();
        producer.beginTransaction();
        sendToBothPartitions(producer, "open");
        producer.flush();

        // when
        restartBroker();
        producer.close(Duration.ZERO);

        // then
        await().atMost(Duration.ofSeconds(20)).until(() -> state("restarted").equals("CompleteAbort"));
        assertThat(readAll("read_committed")).containsExactlyInAnyOrder("committed-0", "committed-1");
        assertThat(readAll("read_uncommitted")).containsExactlyInAnyOrder("committed-0", "committed-1", "open-0",
                "open-1");
        try (KafkaProducer<String, String> successor = transactional("restarted", SHORT_TIMEOUT_MS)) {
            successor.initTransactions();
            successor.beginTransaction();
            sendToBothPartitions(successor, "after");
            successor.commitTransaction();
        }
        assertThat(readAll("read_committed")).containsExactlyInAnyOrder("committed-0", "committed-1", "after-0",
                "after-1");
    }

    @Test
    void shouldWriteTheMarkersOfACommitDecidedBeforeARestart() throws Exception {
        // given a transaction whose commit is decided and stored, its markers not yet written
        startBroker();
        broker.createTopic(TOPIC, 2);
        try (KafkaProducer<String, String> producer = transactional("deciding", LONG_TIMEOUT_MS)) {
            producer.initTransactions();
            producer.beginTransaction();
            sendToBothPartitions(producer, "decided");
            producer.flush();
            decideCommitWithoutMarkers("deciding");
            assertThat(readAll("read_committed")).isEmpty();

            // when
            restartBroker();
            producer.close(Duration.ZERO);
        }

        // then
        await().atMost(Duration.ofSeconds(20)).until(() -> state("deciding").equals("CompleteCommit"));
        assertThat(readAll("read_committed")).containsExactlyInAnyOrder("decided-0", "decided-1");
    }

    @Test
    void shouldLeaveNoPendingOffsetWhenTheBrokerStoppedBetweenTheTwoWritesOfTheirCompletion() throws Exception {
        // given a decided commit with offsets for a group, whose completion wrote the group's offset and stopped
        // before removing the pending one: what a broker killed between those two writes leaves on disk
        startBroker();
        broker.createTopic(TOPIC, 2);
        try (KafkaProducer<String, String> producer = transactional("offsets-stopped", LONG_TIMEOUT_MS)) {
            producer.initTransactions();
            producer.beginTransaction();
            sendToBothPartitions(producer, "with-offsets");
            producer.flush();
            long producerId = decideCommitWithoutMarkers("offsets-stopped", Set.of(GroupId.of(GROUP)));
            Map<io.hexalog.domain.topic.TopicPartition, CommittedOffset> offsets = Map.of(
                    new io.hexalog.domain.topic.TopicPartition(TopicName.of(TOPIC), 0),
                    new CommittedOffset(17, OptionalInt.empty(), "", System.currentTimeMillis()));
            broker.broker().replicatedLog().submit(new CommitTxnOffsets(GroupId.of(GROUP), producerId, offsets)).get();
            broker.broker().replicatedLog().submit(new CommitOffsets(GroupId.of(GROUP), offsets)).get();

            // when
            restartBroker();
            producer.close(Duration.ZERO);
        }

        // then the coordinator that loads the decided transaction completes its offsets again, pending one included
        await().atMost(Duration.ofSeconds(20)).until(() -> state("offsets-stopped").equals("CompleteCommit"));
        try (Admin admin = broker.admin()) {
            assertThat(admin.listConsumerGroupOffsets(GROUP, new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS))
                    .containsExactly(Map.entry(PARTITIONS.get(0), new OffsetAndMetadata(17)));
        }
        assertThat(readAll("read_committed")).containsExactlyInAnyOrder("with-offsets-0", "with-offsets-1");
    }

    private void decideCommitWithoutMarkers(String transactionalId) throws Exception {
        decideCommitWithoutMarkers(transactionalId, Set.of());
    }

    /**
     * Stores the transaction in {@code PrepareCommit}, as the coordinator does on EndTxn, through the replicated log
     * only: the running coordinator does not hear of it, so only a coordinator that loads it from the store after
     * the restart writes its markers.
     */
    private long decideCommitWithoutMarkers(String transactionalId, Set<GroupId> groups) throws Exception {
        TransactionDescription ongoing;
        try (Admin admin = broker.admin()) {
            ongoing = admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get();
        }
        Set<io.hexalog.domain.topic.TopicPartition> partitions = ongoing.topicPartitions().stream()
                .map(partition -> new io.hexalog.domain.topic.TopicPartition(TopicName.of(partition.topic()),
                        partition.partition()))
                .collect(Collectors.toSet());
        TransactionMetadata prepareCommit = new TransactionMetadata(TransactionalId.of(transactionalId),
                ongoing.producerId(), TransactionMetadata.NO_PRODUCER_ID, TransactionMetadata.NO_PRODUCER_ID,
                (short) ongoing.producerEpoch(), TransactionMetadata.NO_EPOCH, (int) ongoing.transactionTimeoutMs(),
                TransactionState.PREPARE_COMMIT, partitions, groups, ongoing.transactionStartTimeMs().orElseThrow(),
                System.currentTimeMillis());
        broker.broker().replicatedLog().submit(new PutTransaction(prepareCommit, SINGLE_BROKER_EPOCH)).get();
        return ongoing.producerId();
    }

    private void startBroker() {
        broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir, config -> config.withTransactions(
                new TransactionCoordinatorConfig(900_000, TransactionCoordinatorConfig.DEFAULT_TRANSACTIONAL_ID_EXPIRATION,
                        ABORT_CHECK_INTERVAL)));
    }

    private void restartBroker() {
        broker.close();
        broker = null;
        startBroker();
    }

    private KafkaProducer<String, String> transactional(String transactionalId, int timeoutMs) {
        return broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000));
    }

    private static void sendToBothPartitions(KafkaProducer<String, String> producer, String prefix) {
        for (TopicPartition partition : PARTITIONS) {
            producer.send(new ProducerRecord<>(TOPIC, partition.partition(), null, prefix + "-" + partition.partition()));
        }
    }

    /** The transaction's state, as Kafka names it. */
    private String state(String transactionalId) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().state()
                    .toString();
        }
    }

    /** Reads both partitions from the start up to the end the isolation level lets the consumer see. */
    private List<String> readAll(String isolation) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            consumer.assign(PARTITIONS);
            consumer.seekToBeginning(PARTITIONS);
            Map<TopicPartition, Long> ends = consumer.endOffsets(PARTITIONS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (PARTITIONS.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
