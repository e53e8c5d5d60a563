package io.hexalog.bootstrap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A RocksDB broker reads small fetches into lent direct memory and sends large ones from its segment files, each
 * fetch holding the files it sends from open: once the real Java consumer has read everything (and its last long
 * polls have been answered or dropped with the connection), all of the memory is back, and the files of a topic
 * deleted since are closed.
 */
class FetchReleaseEndToEndTest {

    private static final int RECORDS = 3_000;
    private static final String VALUE = "v".repeat(1_000);
    /** 60 records of 100 kB on 3 partitions: a fetch of one is far more than a read to send leaves in memory. */
    private static final int LARGE_RECORDS = 60;
    private static final String LARGE_VALUE = "v".repeat(100_000);
    private static final Path OPEN_FILES = Path.of("/proc/self/fd");
    private static final String DELETED = " (deleted)";

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

    @Test
    void shouldCloseTheSegmentFilesAConsumersFetchesWereSentFromOnceTheirTopicIsDeleted() throws Exception {
        assumeTrue(Files.isDirectory(OPEN_FILES), "the process's open files are listed in " + OPEN_FILES);
        // given a consumer that read large records, sent from the segment files
        Path dataDir = broker.broker().config().storage().dataDir().toRealPath();
        broker.createTopic("large", 3);
        try (KafkaProducer<String, String> producer = broker.producer()) {
            for (int i = 0; i < LARGE_RECORDS; i++) {
                producer.send(new ProducerRecord<>("large", i % 3, "k" + i, LARGE_VALUE));
            }
        }
        int consumed = 0;
        try (KafkaConsumer<String, String> consumer = broker.consumer()) {
            List<TopicPartition> partitions = List.of(new TopicPartition("large", 0),
                    new TopicPartition("large", 1), new TopicPartition("large", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumed < LARGE_RECORDS && System.nanoTime() < deadline) {
                consumed += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        List<String> segmentFilesOpen = openFilesUnder(dataDir.resolve("segments"));

        // when
        try (Admin admin = broker.admin()) {
            admin.deleteTopics(List.of("large")).all().get();
        }

        // then
        assertThat(consumed).isEqualTo(LARGE_RECORDS);
        assertThat(segmentFilesOpen).as("the log's own segment files, seen open before").isNotEmpty();
        assertThat(eventuallyDeletedFilesOpenUnder(dataDir)).isEmpty();
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

    /** The deleted files under {@code directory} the process still holds open, once they had a few seconds to go. */
    private static List<String> eventuallyDeletedFilesOpenUnder(Path directory) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> deleted = deletedFilesOpenUnder(directory);
        while (!deleted.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            deleted = deletedFilesOpenUnder(directory);
        }
        return deleted;
    }

    private static List<String> deletedFilesOpenUnder(Path directory) throws IOException {
        return openFilesUnder(directory).stream().filter(file -> file.endsWith(DELETED)).toList();
    }

    /**
     * What the process's open file descriptors point to under {@code directory}, as Linux names them: the path, with
     * {@value #DELETED} after it once the file was deleted.
     */
    private static List<String> openFilesUnder(Path directory) throws IOException {
        List<String> open = new ArrayList<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(OPEN_FILES)) {
            for (Path descriptor : descriptors) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException e) {
                    continue; // closed since it was listed
                }
                if (target.startsWith(directory + "/")) {
                    open.add(target);
                }
            }
        }
        return open;
    }
}
