package io.hexalog.bootstrap;

import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.transaction.TransactionVersion;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Java consumer reading a partition that holds committed, aborted and open transactions: the
 * transactional batches go in as raw Produce requests, and the markers as the transaction coordinator writes
 * them, through the replicated log.
 */
@Timeout(120)
class TransactionalReadEndToEndTest {

    private static final String TOPIC = "ledger";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final long COMMITTING = 7001L;
    private static final long ABORTING = 7002L;
    private static final long OPEN = 7003L;
    private static final long VERSION_TWO = 7004L;
    private static final List<String> COMMITTED = List.of("plain-1", "committed-1", "committed-2", "plain-2");
    private static final List<String> EVERYTHING = List.of("plain-1", "committed-1", "committed-2", "aborted-1",
            "plain-2", "open-1");

    @TempDir
    Path dataDir;
    private RunningBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(StorageKind.class)
    void shouldShowReadCommittedConsumersOnlyCommittedRecordsAndReadUncommittedOnesEverything(StorageKind storage)
            throws Exception {
        broker = RunningBroker.start(storage, dataDir);
        writeCommittedAbortedAndOpenTransactions();

        assertThat(readAll("read_committed")).containsExactlyElementsOf(COMMITTED);
        assertThat(readAll("read_uncommitted")).containsExactlyElementsOf(EVERYTHING);
    }

    @Test
    void shouldKeepTransactionsAcrossARestartOnRocksDb() throws Exception {
        broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir);
        writeCommittedAbortedAndOpenTransactions();

        broker.close();
        broker = null;
        broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir);

        // the aborted transaction stays hidden and the open one still holds the last stable offset
        assertThat(readAll("read_committed")).containsExactlyElementsOf(COMMITTED);
        // and the open transaction, committed after the restart, becomes visible
        marker(OPEN, true);
        assertThat(readAll("read_committed")).containsExactlyElementsOf(
                List.of("plain-1", "committed-1", "committed-2", "plain-2", "open-1"));
    }

    @ParameterizedTest
    @EnumSource(StorageKind.class)
    void shouldKeepAVersionTwoAbortHiddenWhenALateMarkerOfThePreviousTransactionComes(StorageKind storage)
            throws Exception {
        // given a version-2 producer that committed a transaction (its marker bumps the epoch to 1) and began the
        // next one at epoch 1
        broker = RunningBroker.start(storage, dataDir);
        broker.createTopic(TOPIC, 1);
        try (RawProducer producer = new RawProducer(broker.broker().port())) {
            assertThat(producer.produce(TOPIC, 0, null, transactional(VERSION_TWO, 0, "committed-1")))
                    .isEqualTo(Errors.NONE);
            versionTwoMarker(1, true).get();
            assertThat(producer.produce(TOPIC, 0, null, transactional(VERSION_TWO, 1, "aborted-1")))
                    .isEqualTo(Errors.NONE);
        }

        // when the first transaction's commit marker is written again, late, and the second transaction aborts
        Throwable late = versionTwoMarker(1, true).handle((offset, failure) -> failure).get();
        versionTwoMarker(2, false).get();

        // then read_committed consumers see only the committed record, the late marker having been refused
        assertThat(readAll("read_committed")).containsExactly("committed-1");
        assertThat(readAll("read_uncommitted")).containsExactly("committed-1", "aborted-1");
        assertThat(late instanceof CompletionException ? late.getCause() : late)
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    private CompletableFuture<Long> versionTwoMarker(int epoch, boolean commit) throws Exception {
        return broker.broker().replicatedLog().submit(new WriteTxnMarker(partition(), VERSION_TWO, (short) epoch, 0,
                commit, System.currentTimeMillis(), TransactionVersion.TV_2));
    }

    private void writeCommittedAbortedAndOpenTransactions() throws Exception {
        broker.createTopic(TOPIC, 1);
        // The transactional batches name no transactional ID: their producers have none at the coordinator, which
        // would refuse batches of transactions it does not hold (KIP-890); the markers are written here directly.
        try (RawProducer producer = new RawProducer(broker.broker().port())) {
            assertThat(producer.produce(TOPIC, 0, null,
                    MemoryRecords.withRecords(Compression.NONE, record("plain-1")))).isEqualTo(Errors.NONE);
            assertThat(producer.produce(TOPIC, 0, null, transactional(COMMITTING, "committed-1", "committed-2")))
                    .isEqualTo(Errors.NONE);
            assertThat(producer.produce(TOPIC, 0, null, transactional(ABORTING, "aborted-1")))
                    .isEqualTo(Errors.NONE);
            marker(COMMITTING, true);
            marker(ABORTING, false);
            assertThat(producer.produce(TOPIC, 0, null,
                    MemoryRecords.withRecords(Compression.NONE, record("plain-2")))).isEqualTo(Errors.NONE);
            assertThat(producer.produce(TOPIC, 0, null, transactional(OPEN, "open-1"))).isEqualTo(Errors.NONE);
        }
    }

    private void marker(long producerId, boolean commit) throws Exception {
        broker.broker().replicatedLog().submit(new WriteTxnMarker(partition(), producerId, (short) 0, 0, commit,
                System.currentTimeMillis())).get();
    }

    private TopicIdPartition partition() throws Exception {
        try (Admin admin = broker.admin()) {
            Uuid id = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).topicId();
            return new TopicIdPartition(new TopicId(new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits())),
                    TopicName.of(TOPIC), 0);
        }
    }

    /** Reads from the start up to the end the consumer's isolation level lets it see (ListOffsets). */
    private List<String> readAll(String isolation) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            long end = consumer.endOffsets(List.of(PARTITION)).get(PARTITION);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(PARTITION) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static MemoryRecords transactional(long producerId, String... values) {
        return transactional(producerId, 0, values);
    }

    /** The first batch of a producer's transaction in {@code epoch}: sequence 0, as every new epoch starts. */
    private static MemoryRecords transactional(long producerId, int epoch, String... values) {
        SimpleRecord[] records = List.of(values).stream().map(TransactionalReadEndToEndTest::record)
                .toArray(SimpleRecord[]::new);
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) epoch, 0, records);
    }

    private static SimpleRecord record(String value) {
        return new SimpleRecord(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
    }
}
