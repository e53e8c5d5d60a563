package io.hexalog.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.hexalog.bootstrap.CompactedTopicRecords.readAll;
import static io.hexalog.bootstrap.CompactedTopicRecords.writeUpdates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cleaner's checkpoint (Kafka's cleaner-offset-checkpoint) survives a restart on RocksDB: a partition cleaned
 * before the restart, and not written to since, is not cleaned again after it.
 */
class CleanerCheckpointRestartEndToEndTest {

    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "segment.ms", "100",
            "min.cleanable.dirty.ratio", "0");

    @TempDir
    Path dataDir;
    private final ListAppender<ILoggingEvent> cleanings = new ListAppender<>();
    private final Logger cleaner = (Logger) LoggerFactory.getLogger("io.hexalog.application.service.LogCleanerService");

    @BeforeEach
    void listenToTheCleaner() {
        cleaner.addAppender(cleanings);
        cleanings.start();
    }

    @AfterEach
    void stopListening() {
        cleaner.detachAppender(cleanings);
    }

    @Test
    void shouldNotCleanAgainAfterARestartAPartitionCleanedBefore() throws Exception {
        TopicPartition table = new TopicPartition("checkpointed-table", 0);
        Map<String, String> latest = new HashMap<>();
        long endOffset;
        try (RunningBroker broker = RunningBroker.start(StorageKind.ROCKSDB, dataDir, this::cleaningOften)) {
            createTopic(broker, table.topic());
            endOffset = writeUpdates(broker, table, 100, 2_000, latest);
            long closing = endOffset - 1;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> cleaned(table).stream().anyMatch(line -> line.contains("up to offset " + closing)));
        }
        int linesBeforeRestart = cleanings.list.size();

        try (RunningBroker restarted = RunningBroker.start(StorageKind.ROCKSDB, dataDir, this::cleaningOften)) {
            // another compacted partition, cleaned twice: the rounds in between looked at the restarted one too
            TopicPartition sentinel = new TopicPartition("sentinel", 0);
            createTopic(restarted, sentinel.topic());
            writeUpdates(restarted, sentinel, 10, 100, new HashMap<>());
            await().atMost(Duration.ofSeconds(30)).until(() -> cleaned(sentinel).size() >= 1);
            writeUpdates(restarted, sentinel, 10, 100, new HashMap<>());
            await().atMost(Duration.ofSeconds(30)).until(() -> cleaned(sentinel).size() >= 2);

            List<String> afterRestart = cleanings.list.subList(linesBeforeRestart, cleanings.list.size()).stream()
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(afterRestart).noneMatch(line -> line.startsWith("Cleaned " + table + " "));
            Map<String, String> read = new HashMap<>();
            readAll(restarted, table, endOffset).forEach(record -> read.put(record.key(), record.value()));
            assertThat(read).isEqualTo(latest);
        }
    }

    private ServerConfig cleaningOften(ServerConfig config) {
        return config.withCleanerBackoff(Duration.ofMillis(100));
    }

    private List<String> cleaned(TopicPartition partition) {
        return List.copyOf(cleanings.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("Cleaned " + partition + " ")).toList();
    }
    private static void createTopic(RunningBroker broker, String name) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(COMPACTED))).all().get();
        }
    }
}
