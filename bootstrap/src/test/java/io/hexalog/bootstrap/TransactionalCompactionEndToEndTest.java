package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log compaction of a topic a transactional producer writes, as the Java client sees it: the records of aborted
 * transactions go, both isolation levels read exactly the latest committed value of every key, and the transaction
 * markers go once the data of their transactions has gone and delete.retention.ms has passed, but for the marker
 * that holds its producer's epoch, which stays emptied.
 */
@OnEveryStorage
class TransactionalCompactionEndToEndTest {

    private static final int KEYS = 10;
    private static final int TRANSACTIONS = 30;
    /** Segments close every 100 ms of record time; the cleaner takes any log with something dirty; markers whose
     * transactions are cleaned away stay a second. */
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "segment.ms", "100",
            "min.cleanable.dirty.ratio", "0", "delete.retention.ms", "1000");
    private static final short FETCH_BY_TOPIC_NAME = 12;

    static RunningBroker BROKER;

    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        BROKER = RunningBroker.start(storage, config -> config.withCleanerBackoff(Duration.ofMillis(200)));
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void shouldKeepOnlyTheLatestCommittedValueOfEveryKeyAndThenLetTheMarkersGo() throws Exception {
        TopicPartition partition = new TopicPartition("txn-table-" + storage.name().toLowerCase(), 0);
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1).configs(COMPACTED))).all().get();
        }
        Map<String, String> committed = writeTransactions(partition);
        Thread.sleep(250);
        tick(partition, committed);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(readAll(partition, "read_uncommitted")).isEqualTo(committed);
            assertThat(readAll(partition, "read_committed")).isEqualTo(committed);
        });
        // markers go at later cleanings, which later writes bring (as on Kafka, a log nothing is written to is not
        // cleaned again); only the marker of the last transaction, whose records hold the latest values, stays
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            tick(partition, committed);
            return markers(partition) == 1;
        });
        assertThat(readAll(partition, "read_uncommitted")).isEqualTo(committed);
        assertThat(readAll(partition, "read_committed")).isEqualTo(committed);
    }

    @Test
    void shouldKeepTheEmptiedMarkerOfAProducersLastTransactionWithoutHidingItsLaterTransactions() throws Exception {
        TopicPartition partition = new TopicPartition("txn-epoch-" + storage.name().toLowerCase(), 0);
        try (Admin admin = BROKER.admin()) {
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, (short) 1).configs(COMPACTED))).all().get();
        }
        Map<String, String> committed = new HashMap<>();
        try (KafkaProducer<String, String> producer = transactionalProducer("epoch-writer-" + partition.topic())) {
            producer.beginTransaction();
            // acknowledged first: a commit right after a send can leave ahead of the batch (INVALID_TXN_STATE)
            producer.send(new ProducerRecord<>(partition.topic(), 0, "key-a", "committed-1")).get(30, TimeUnit.SECONDS);
            producer.commitTransaction();
            committed.put("key-a", "committed-1");
            producer.beginTransaction();
            // sent before the abort, or the client drops it and the partition gets no marker
            producer.send(new ProducerRecord<>(partition.topic(), 0, "key-b", "aborted-2")).get();
            producer.abortTransaction();

            // with transaction version 2 the abort marker bumped the producer's epoch, so it is the producer's last
            // record: the cleaner keeps it, emptied once its data went and delete.retention.ms passed, as Kafka does
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                tick(partition, committed);
                return controlBatches(partition, true) == 1;
            });

            producer.beginTransaction();
            // acknowledged first: a commit right after a send can leave ahead of the batch (INVALID_TXN_STATE)
            producer.send(new ProducerRecord<>(partition.topic(), 0, "key-c", "committed-3")).get(30, TimeUnit.SECONDS);
            producer.commitTransaction();
            committed.put("key-c", "committed-3");
        }

        // the aborted transaction went with the marker's record: a read-committed consumer told of it would find no
        // abort marker to end it, and drop the producer's later transaction
        assertThat(readAll(partition, "read_committed")).isEqualTo(committed);
        assertThat(readAll(partition, "read_uncommitted")).isEqualTo(committed);
    }

    /**
     * Writes {@value #TRANSACTIONS} transactions, each updating every key, and aborts every third one (never the
     * last); returns the latest committed value of every key.
     */
    private static Map<String, String> writeTransactions(TopicPartition partition) {
        Map<String, String> committed = new HashMap<>();
        try (KafkaProducer<String, String> producer = transactionalProducer("table-writer-" + partition.topic())) {
            for (int t = 0; t < TRANSACTIONS; t++) {
                boolean abort = t % 3 == 1;
                writeTransaction(producer, partition, t, abort);
                if (!abort) {
                    for (int k = 0; k < KEYS; k++) {
                        committed.put("key-" + k, "committed-" + t);
                    }
                }
            }
        }
        return committed;
    }

    private static KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        KafkaProducer<String, String> producer = BROKER.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
        producer.initTransactions();
        return producer;
    }

    private static void writeTransaction(KafkaProducer<String, String> producer, TopicPartition partition, int t,
                                         boolean abort) {
        producer.beginTransaction();
        for (int k = 0; k < KEYS; k++) {
            String value = (abort ? "aborted-" : "committed-") + t;
            producer.send(new ProducerRecord<>(partition.topic(), 0, "key-" + k, value));
        }
        if (abort) {
            producer.abortTransaction();
        } else {
            producer.commitTransaction();
        }
    }

    /**
     * Writes one more value of a key of its own, without a transaction: once the last segment is older than
     * segment.ms, this closes it and what was written before becomes cleanable.
     */
    private static void tick(TopicPartition partition, Map<String, String> committed) throws Exception {
        String value = Long.toString(System.nanoTime());
        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            producer.send(new ProducerRecord<>(partition.topic(), 0, "tick", value)).get();
        }
        committed.put("tick", value);
    }

    /**
     * Every record of the partition read from the start at one isolation level, as key to value, checking that each
     * key but the ticks' comes once.
     */
    private static Map<String, String> readAll(TopicPartition partition, String isolation) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = BROKER.consumer(
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            consumer.assign(List.of(partition));
            long endOffset = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < endOffset && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        Map<String, String> latest = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            // the ticks written last are in the active segment, which is never cleaned
            if (!record.key().equals("tick")) {
                assertThat(latest).as("one record per key at " + isolation).doesNotContainKey(record.key());
            }
            latest.put(record.key(), record.value());
        }
        return latest;
    }

    /** The transaction markers (control batches) stored in the partition, seen through raw fetches from offset 0. */
    private static int markers(TopicPartition partition) throws Exception {
        return controlBatches(partition, false);
    }

    /** The control batches stored in the partition, or only those left without records, from offset 0. */
    private static int controlBatches(TopicPartition partition, boolean onlyEmpty) throws Exception {
        int markers = 0;
        long offset = 0;
        long endOffset = Long.MAX_VALUE;
        try (RawProducer connection = new RawProducer(BROKER.broker().port())) {
            while (offset < endOffset) {
                FetchResponseData.PartitionData fetched = ((FetchResponse) connection.call(
                        new FetchRequest(fetchFrom(partition, offset), FETCH_BY_TOPIC_NAME))).data()
                        .responses().get(0).partitions().get(0);
                assertThat(Errors.forCode(fetched.errorCode())).isEqualTo(Errors.NONE);
                endOffset = Math.min(endOffset, fetched.highWatermark());
                long before = offset;
                for (RecordBatch batch : ((MemoryRecords) fetched.records()).batches()) {
                    boolean counted = batch.isControlBatch() && (!onlyEmpty || batch.countOrNull() == 0);
                    markers += counted && batch.lastOffset() >= offset ? 1 : 0;
                    offset = Math.max(offset, batch.nextOffset());
                }
                assertThat(offset).as("a fetch from " + before + " returns batches").isGreaterThan(before);
            }
        }
        return markers;
    }

    private static FetchRequestData fetchFrom(TopicPartition partition, long offset) {
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(1 << 20).setIsolationLevel((byte) 0);
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic().setTopic(partition.topic());
        topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(offset)
                .setPartitionMaxBytes(1 << 20));
        request.topics().add(topic);
        return request;
    }
}
