package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static io.hexalog.bootstrap.CompactedTopicRecords.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Log compaction as the Java client sees it: a compacted topic fed 100,000 updates over 1,000 keys, some deleted by
 * tombstones, ends up holding one record per key below the cleaned point, the latest, read across the gaps.
 */
@OnEveryStorage
class LogCompactionEndToEndTest {

    private static final int KEYS = 1_000;
    private static final int UPDATES = 100_000;
    /** Keys 0 to 99 are deleted once their updates are written. */
    private static final int DELETED = 100;
    /** Segments close every 100 ms of record time; the cleaner takes any log with something dirty. */
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "segment.ms", "100",
            "min.cleanable.dirty.ratio", "0");

    static RunningBroker BROKER;

    @Parameter
    StorageKind storage;

    @BeforeParameterizedClassInvocation
    static void startBroker(StorageKind storage) throws Exception {
        BROKER = RunningBroker.start(storage, LogCompactionEndToEndTest::cleaningOften);
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void shouldKeepTheLatestValueOfEveryLiveKeyAndTheTombstoneOfEveryDeletedOne() throws Exception {
        TopicPartition partition = createTopic(BROKER, "table-" + storage.name().toLowerCase());
        Written written = writeUpdatesAndDeletes(BROKER, partition);

        List<ConsumerRecord<String, String>> compacted = awaitCompacted(BROKER, partition, written);

        assertThat(compacted).extracting(ConsumerRecord::offset).isSorted().doesNotHaveDuplicates();
        assertThat(latestByKey(compacted)).isEqualTo(written.latest());
        try (KafkaConsumer<String, String> consumer = BROKER.consumer()) {
            assertThat(consumer.beginningOffsets(List.of(partition)).get(partition)).isZero();
            assertThat(consumer.endOffsets(List.of(partition)).get(partition)).isEqualTo(written.endOffset());
        }
    }

    @Test
    void shouldKeepTheCompactedLogAcrossARestartOnRocksDb(@TempDir Path dataDir) throws Exception {
        assumeTrue(storage == StorageKind.ROCKSDB, "only RocksDB keeps a log across a restart");
        TopicPartition partition = new TopicPartition("restarted-table", 0);
        Written written;
        List<ConsumerRecord<String, String>> before;
        try (RunningBroker broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir,
                LogCompactionEndToEndTest::cleaningOften)) {
            createTopic(broker, partition.topic());
            written = writeUpdatesAndDeletes(broker, partition);
            before = awaitCompacted(broker, partition, written);
        }

        try (RunningBroker restarted = RunningBroker.start(StorageKind.ROCKSDB, dataDir,
                LogCompactionEndToEndTest::cleaningOften)) {
            List<ConsumerRecord<String, String>> after = readAll(restarted, partition, written.endOffset());
            assertThat(after).extracting(ConsumerRecord::offset)
                    .containsExactlyElementsOf(before.stream().map(ConsumerRecord::offset).toList());
            assertThat(latestByKey(after)).isEqualTo(written.latest());
            try (KafkaConsumer<String, String> consumer = restarted.consumer()) {
                assertThat(consumer.beginningOffsets(List.of(partition)).get(partition)).isZero();
                assertThat(consumer.endOffsets(List.of(partition)).get(partition)).isEqualTo(written.endOffset());
            }
            // and the log takes appends after the gaps, at the next offset
            try (KafkaProducer<String, String> producer = restarted.producer()) {
                long offset = producer.send(new ProducerRecord<>(partition.topic(), 0, "key-1", "after")).get().offset();
                assertThat(offset).isEqualTo(written.endOffset());
            }
        }
    }

    @Test
    void shouldRefuseARecordWithoutAKeyAndStoreNothing() throws Exception {
        TopicPartition partition = createTopic(BROKER, "keyless-" + storage.name().toLowerCase());
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger produce = (Logger) LoggerFactory.getLogger("io.hexalog.application.service.ProduceService");
        produce.addAppender(log);
        log.start();

        try (KafkaProducer<String, String> producer = BROKER.producer()) {
            Future<?> sent = producer.send(new ProducerRecord<>(partition.topic(), 0, null, "no key"));

            assertThatThrownBy(sent::get).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("Compacted topic cannot accept message without key in topic partition "
                            + partition);
        } finally {
            produce.detachAppender(log);
        }
        assertThat(log.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).contains("without key in topic partition " + partition);
        });
        try (KafkaConsumer<String, String> consumer = BROKER.consumer()) {
            assertThat(consumer.endOffsets(List.of(partition)).get(partition)).isZero();
        }
    }

    private static ServerConfig cleaningOften(ServerConfig config) {
        return config.withCleanerBackoff(Duration.ofMillis(200));
    }

    /**
     * Writes 100 updates of each of 1,000 keys in turn, then tombstones for keys 0 to 99, then, once the segment
     * holding them is older than segment.ms, one record of a key of its own, which closes that segment: everything
     * before it becomes cleanable.
     */
    private static Written writeUpdatesAndDeletes(RunningBroker broker, TopicPartition partition) throws Exception {
        Map<String, String> latest = new HashMap<>();
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"))) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < UPDATES; i++) {
                String key = "key-" + (i % KEYS);
                String value = "value-" + i;
                sent.add(producer.send(new ProducerRecord<>(partition.topic(), 0, key, value)));
                latest.put(key, value);
            }
            for (int k = 0; k < DELETED; k++) {
                sent.add(producer.send(new ProducerRecord<>(partition.topic(), 0, "key-" + k, null)));
                latest.put("key-" + k, null);
            }
            for (Future<?> future : sent) {
                future.get();
            }
            Thread.sleep(250);
            long closing = producer.send(new ProducerRecord<>(partition.topic(), 0, "closing", "1")).get().offset();
            latest.put("closing", "1");
            return new Written(latest, closing + 1);
        }
    }

    /** Reads the partition until it holds one record per key: the cleaner has run over every update. */
    private static List<ConsumerRecord<String, String>> awaitCompacted(RunningBroker broker, TopicPartition partition,
                                                                      Written written) {
        List<List<ConsumerRecord<String, String>>> last = new ArrayList<>(List.of(List.of()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last.set(0, readAll(broker, partition, written.endOffset()));
            return last.get(0).size() == written.latest().size();
        });
        return last.get(0);
    }

    /** The value of the last record of each key, null for a tombstone. */
    private static Map<String, String> latestByKey(List<ConsumerRecord<String, String>> records) {
        Map<String, String> latest = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            latest.put(Objects.requireNonNull(record.key()), record.value());
        }
        return latest;
    }

    private static TopicPartition createTopic(RunningBroker broker, String name) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(COMPACTED))).all().get();
        }
        return new TopicPartition(name, 0);
    }

    /** What was written: the latest value of every key (null once deleted) and the log end offset. */
    private record Written(Map<String, String> latest, long endOffset) {
    }
}
