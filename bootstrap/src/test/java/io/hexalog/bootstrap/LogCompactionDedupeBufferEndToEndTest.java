package io.hexalog.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hexalog.domain.compaction.DedupeBuffer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.hexalog.bootstrap.CompactedTopicRecords.readAll;
import static io.hexalog.bootstrap.CompactedTopicRecords.writeUpdates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A compacted topic with more keys than the cleaner's dedupe buffer holds: the broker cleans it in several rounds,
 * each ending at the first key that did not fit, and the Java client reads back the latest value of every key.
 */
@OnEveryStorage
class LogCompactionDedupeBufferEndToEndTest {

    private static final int KEYS = 500;
    private static final int UPDATES = 2_000;
    /** Kafka's smallest buffer, 1 MiB and a byte (43,690 slots), 0.46% full: 200 keys a cleaning. */
    private static final DedupeBuffer TWO_HUNDRED_KEYS = new DedupeBuffer(1_048_577, 0.0046);
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "segment.ms", "100",
            "min.cleanable.dirty.ratio", "0");

    @Parameter
    StorageKind storage;

    @Test
    void shouldCleanALogWithMoreKeysThanTheBufferHoldsInSeveralRoundsDownToTheLatestValueOfEveryKey() throws Exception {
        assertThat(TWO_HUNDRED_KEYS.maxKeys()).isEqualTo(200);
        ListAppender<ILoggingEvent> cleanings = new ListAppender<>();
        Logger cleaner = (Logger) LoggerFactory.getLogger("io.hexalog.application.service.LogCleanerService");
        cleaner.addAppender(cleanings);
        cleanings.start();
        try (RunningBroker broker = RunningBroker.start(storage, config -> config
                .withCleanerBackoff(Duration.ofMillis(100)).withCleanerDedupeBuffer(TWO_HUNDRED_KEYS))) {
            TopicPartition partition = createTopic(broker, "big-table-" + storage.name().toLowerCase());
            Map<String, String> latest = new HashMap<>();
            long endOffset = writeUpdates(broker, partition, KEYS, UPDATES, latest);

            List<List<ConsumerRecord<String, String>>> read = new ArrayList<>(List.of(List.of()));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                read.set(0, readAll(broker, partition, endOffset));
                return read.get(0).size() == latest.size();
            });

            Map<String, String> kept = new HashMap<>();
            read.get(0).forEach(record -> kept.put(record.key(), record.value()));
            assertThat(kept).isEqualTo(latest);
        } finally {
            cleaner.detachAppender(cleanings);
        }
        List<String> full = cleanings.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains("the most the dedupe buffer holds")).toList();
        assertThat(full).as("cleanings that stopped at a key that did not fit").hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(line -> assertThat(line).contains("200 keys"));
    }
    private static TopicPartition createTopic(RunningBroker broker, String name) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(COMPACTED))).all().get();
        }
        return new TopicPartition(name, 0);
    }
}
