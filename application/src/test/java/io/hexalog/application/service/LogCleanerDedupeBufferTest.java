package io.hexalog.application.service;

import io.hexalog.application.testdata.KeyedBatch;
import io.hexalog.application.testdata.KeyedRecord;
import io.hexalog.domain.compaction.DedupeBuffer;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.TimestampType;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log with more keys than the cleaner's dedupe buffer holds is cleaned in several rounds, each up to the first key
 * that did not fit, one right after the other, and ends holding the latest record of every key, as with a buffer
 * large enough for all. The cleaner keeps one map for all its cleanings.
 */
class LogCleanerDedupeBufferTest {

    private static final int KEYS = 40;
    private static final int UPDATES = 3;
    private static final int RECORDS_PER_BATCH = 4;
    /** 12 slots of 24 bytes, 90% of which fill: 10 keys a cleaning. */
    private static final DedupeBuffer TEN_KEYS = new DedupeBuffer(12 * 24, 0.9);
    /** Segments close at every batch; every dirty byte makes the log worth cleaning. */
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "segment.ms", "1",
            "min.cleanable.dirty.ratio", "0", "delete.retention.ms", "60000");

    @Test
    void shouldCleanALogWithMoreKeysThanTheBufferHoldsInSeveralRoundsUpToTheLatestRecordOfEveryKey() {
        CoreOnFakes broker = brokerWith(TEN_KEYS);
        TopicIdPartition partition = givenEveryKeyUpdatedThrice(broker);

        int rounds = cleanUntilNothingIsLeft(broker);

        // 120 records of 40 keys, ten distinct keys a round: [0,10), [10,20) ... [110,120)
        assertThat(rounds).isEqualTo(12);
        assertThat(broker.cleaner.stats().cleanings()).isEqualTo(12);
        assertThat(records(broker, partition)).containsExactlyElementsOf(latestOfEveryKey());
    }

    @Test
    void shouldGoOnInTheNextRoundFromTheFirstKeyTheLastOneCouldNotHold() {
        CoreOnFakes broker = brokerWith(TEN_KEYS);
        TopicIdPartition partition = givenEveryKeyUpdatedThrice(broker);

        for (int round = 1; round <= 5; round++) {
            assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);
        }

        // rounds 1-4 indexed the first records of every key, [0,40), and removed nothing; round 5 indexed [40,50),
        // the second records of k00..k09 (refusing k10 at offset 50, inside batch [48,52)), which replace [0,10)
        List<Long> offsets = broker.store.stored(partition).stream()
                .flatMap(batch -> KeyedBatch.recordsOf(batch).stream()).map(KeyedRecord::offset).toList();
        assertThat(offsets).doesNotContain(0L, 9L).contains(10L, 39L, 40L, 49L, 50L);
        assertThat(offsets).hasSize(KEYS * UPDATES + 2 - 10);
    }

    @Test
    void shouldCleanTheSameLogInOneRoundWithKafkasDefaultBuffer() {
        CoreOnFakes broker = brokerWith(DedupeBuffer.KAFKA_DEFAULTS);
        TopicIdPartition partition = givenEveryKeyUpdatedThrice(broker);

        assertThat(cleanUntilNothingIsLeft(broker)).isEqualTo(1);

        assertThat(records(broker, partition)).containsExactlyElementsOf(latestOfEveryKey());
    }

    @Test
    void shouldGoOnAtOnceWithTheRestOfTheDirtyPartWhenTheMapFillsWithoutHoldingUpOtherLogs() {
        CoreOnFakes broker = brokerWith(TEN_KEYS);
        TopicIdPartition partition = givenEveryKeyUpdatedThrice(broker);
        TopicIdPartition small = broker.createTopic("small", 1, COMPACTED).partition(0);
        broker.appendNow(small, KeyedBatch.at(0).record("a", "1").build());
        broker.appendNow(small, KeyedBatch.at(1).record("a", "2").build());
        broker.appendNow(small, KeyedBatch.at(2).record("b", "1").record("b", "2").build());
        broker.cleaner.start();

        broker.scheduler.advance(LogCleanerConfig.DEFAULT_BACKOFF);

        // twelve cleanings of the large log, one round after another, and one of the small log in the first round
        assertThat(broker.cleaner.stats().cleanings()).isEqualTo(12 + 1);
        assertThat(records(broker, partition)).containsExactlyElementsOf(latestOfEveryKey());
        assertThat(records(broker, small)).containsExactly("1:a=2", "2:b=1", "3:b=2");
        broker.cleaner.stop();
    }

    @Test
    void shouldRestABackoffAfterARoundWhoseMapsDidNotFill() {
        CoreOnFakes broker = brokerWith(TEN_KEYS);
        TopicIdPartition partition = broker.createTopic("table", 1, COMPACTED).partition(0);
        broker.appendNow(partition, KeyedBatch.at(0).record("a", "1").record("b", "1").build());
        broker.appendNow(partition, KeyedBatch.at(2).record("a", "2").record("b", "2").build());
        broker.clock.advance(Duration.ofSeconds(1));
        broker.cleaner.start();

        broker.scheduler.advance(LogCleanerConfig.DEFAULT_BACKOFF);
        assertThat(broker.cleaner.stats().cleanings()).isOne();

        broker.appendNow(partition, KeyedBatch.at(4).record("a", "3").record("b", "3").build());
        broker.clock.advance(Duration.ofSeconds(1));
        broker.scheduler.advance(LogCleanerConfig.DEFAULT_BACKOFF.minusMillis(1));
        assertThat(broker.cleaner.stats().cleanings()).as("no round before the backoff").isOne();

        broker.scheduler.advance(Duration.ofMillis(1));
        assertThat(broker.cleaner.stats().cleanings()).isEqualTo(2);
        assertThat(broker.scheduler.pendingTasks()).as("the next round only").isOne();
        broker.cleaner.stop();
    }

    @Test
    void shouldReuseOneMapForEveryCleaningInsteadOfAllocatingItAgain() {
        CoreOnFakes broker = brokerWith(DedupeBuffer.KAFKA_DEFAULTS);
        TopicIdPartition partition = broker.createTopic("counter", 1, COMPACTED).partition(0);
        int updates = 50_000;
        KeyedBatch many = KeyedBatch.at(0);
        for (int update = 0; update < updates; update++) {
            many.record("count", Integer.toString(update));
        }
        broker.appendNow(partition, many.build());
        broker.appendNow(partition, KeyedBatch.at(updates).record("active", "1").record("active", "2").build());
        broker.clock.advance(Duration.ofSeconds(1));
        assertThat(broker.cleaner.checkNow().join()).isOne();
        // every cleaning after a lost checkpoint spans the 50,000 offsets of the batch cleaned down to one record
        long mapBytes = DedupeBuffer.KAFKA_DEFAULTS.mapFor(updates).sizeInBytes();

        long allocated = allocatedByThisThread(() -> {
            for (int cleaning = 0; cleaning < 5; cleaning++) {
                broker.checkpoints.checkpoint(partition, 0).join();
                assertThat(broker.cleaner.checkNow().join()).isOne();
            }
        });

        assertThat(allocated).as("bytes allocated by five cleanings with maps of %d bytes", mapBytes)
                .isLessThan(mapBytes);
        assertThat(records(broker, partition)).containsExactly((updates - 1) + ":count=" + (updates - 1),
                updates + ":active=1", updates + 1 + ":active=2");
    }

    /** The heap this thread allocates while running {@code action}, which the broker on fakes runs here. */
    private static long allocatedByThisThread(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static CoreOnFakes brokerWith(DedupeBuffer buffer) {
        return new CoreOnFakes(new BrokerConfig(1, true, 1 << 20, -1, -1, TimestampType.CREATE_TIME,
                Duration.ofMinutes(5), Set.of(), GroupCoordinatorConfig.kafkaDefaults(), 100)
                .withCleaner(LogCleanerConfig.kafkaDefaults().withDedupeBuffer(buffer)), 1);
    }

    /**
     * Keys k00..k39 written with v1, then v2, then deleted (k30..k39) or set to v3, four records a batch, each batch
     * its own segment; then two records in the active segment, never cleaned.
     */
    private static TopicIdPartition givenEveryKeyUpdatedThrice(CoreOnFakes broker) {
        TopicIdPartition partition = broker.createTopic("table", 1, COMPACTED).partition(0);
        List<String[]> updates = new ArrayList<>();
        for (int update = 1; update <= UPDATES; update++) {
            for (int key = 0; key < KEYS; key++) {
                updates.add(new String[] {key(key), valueOf(key, update)});
            }
        }
        for (int first = 0; first < updates.size(); first += RECORDS_PER_BATCH) {
            KeyedBatch batch = KeyedBatch.at(first);
            for (String[] update : updates.subList(first, first + RECORDS_PER_BATCH)) {
                batch.record(update[0], update[1]);
            }
            broker.appendNow(partition, batch.build());
        }
        // two records, so that its max timestamp is more than segment.ms past the previous batch's
        broker.appendNow(partition, KeyedBatch.at(updates.size()).record("active", "1").record("active", "2").build());
        broker.clock.advance(Duration.ofSeconds(1));
        return partition;
    }

    private static int cleanUntilNothingIsLeft(CoreOnFakes broker) {
        int rounds = 0;
        while (broker.cleaner.checkNow().join() > 0) {
            rounds++;
            assertThat(rounds).as("rounds before the log is clean").isLessThan(100);
        }
        return rounds;
    }

    private static List<String> latestOfEveryKey() {
        List<String> latest = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            latest.add((KEYS * (UPDATES - 1) + key) + ":" + key(key) + "=" + valueOf(key, UPDATES));
        }
        latest.add(KEYS * UPDATES + ":active=1");
        latest.add(KEYS * UPDATES + 1 + ":active=2");
        return latest;
    }

    private static String key(int key) {
        return String.format("k%02d", key);
    }

    /** The last update deletes the last ten keys. */
    private static String valueOf(int key, int update) {
        return update == UPDATES && key >= KEYS - 10 ? null : "v" + update;
    }

    private static List<String> records(CoreOnFakes broker, TopicIdPartition partition) {
        return broker.store.stored(partition).stream().flatMap(batch -> KeyedBatch.recordsOf(batch).stream())
                .map(LogCleanerDedupeBufferTest::describe).toList();
    }

    private static String describe(KeyedRecord record) {
        return record.offset() + ":" + record.key() + "=" + record.value();
    }
}
