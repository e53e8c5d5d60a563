package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.application.fake.ElectableClusterFake;
import io.hexalog.application.fake.InMemoryCleanerCheckpointStoreFake;
import io.hexalog.application.fake.UncompressedRecordBatchRewriterFake;
import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.testdata.KeyedBatch;
import io.hexalog.application.testdata.KeyedRecord;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.TimestampType;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Log compaction in the background: the latest record of every key stays, older ones go, offsets never change. */
class LogCleanerServiceTest {

    private static final Duration BACKOFF = Duration.ofSeconds(15);
    /** Segments close at every batch (their records are more than 1 ms apart); tombstones stay a minute. */
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "segment.ms", "1",
            "delete.retention.ms", "60000");
    /** As {@link #COMPACTED}, taking any log with a dirty byte. */
    private static final Map<String, String> EAGER = Map.of("cleanup.policy", "compact", "segment.ms", "1",
            "delete.retention.ms", "60000", "min.cleanable.dirty.ratio", "0");

    private final CoreOnFakes broker = new CoreOnFakes(new BrokerConfig(1, true, 1 << 20, -1, -1,
            TimestampType.CREATE_TIME, Duration.ofMinutes(5), Set.of(), GroupCoordinatorConfig.kafkaDefaults(), 100)
            .withCleaner(LogCleanerConfig.kafkaDefaults().withBackoff(BACKOFF)), 1);

    @Test
    void shouldKeepOnlyTheLatestRecordOfEachKeyBelowTheActiveSegment() {
        TopicIdPartition partition = givenAUpdatedLog(COMPACTED);

        assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);

        // [0,2) a=1 b=1 lost both to later records; [2,4) a=2 c=1 stays whole; the tombstone of b stays for now;
        // the active segment, a=3, is never cleaned
        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseOffset).containsExactly(2L, 4L, 5L);
        assertThat(records(partition)).containsExactly("2:a=2", "3:c=1", "4:b=null", "5:a=3");
    }

    @Test
    void shouldReleaseEveryChunkItReads() {
        givenAUpdatedLog(COMPACTED);

        broker.cleaner.checkNow().join();

        assertThat(broker.reads.slicesRead()).isPositive();
        assertThat(broker.reads.unreleasedSlices()).isZero();
    }

    @Test
    void shouldChangeNoOffsetOfTheLog() {
        TopicIdPartition partition = givenAUpdatedLog(COMPACTED);
        Partition.LogOffsets before = broker.partitions.get(partition).offsets();

        broker.cleaner.checkNow().join();

        assertThat(broker.partitions.get(partition).offsets()).isEqualTo(before);
        assertThat(listed(partition, new OffsetSpec.Earliest())).isZero();
        assertThat(listed(partition, new OffsetSpec.Latest())).isEqualTo(6);
    }

    @Test
    void shouldAnswerAFetchAtACleanedOffsetWithTheNextBatch() {
        TopicIdPartition partition = givenAUpdatedLog(COMPACTED);
        broker.cleaner.checkNow().join();

        FetchResult.PartitionData fetched = fetch(partition, 1);

        assertThat(fetched).isInstanceOfSatisfying(FetchResult.PartitionData.Read.class, read ->
                assertThat(read.records().batches()).extracting(RecordBatch::baseOffset).containsExactly(2L, 4L, 5L));
    }

    @Test
    void shouldRemoveATombstoneOnceDeleteRetentionHasPassedSinceItWasCleaned() {
        Map<String, String> eager = Map.of("cleanup.policy", "compact", "segment.ms", "1",
                "delete.retention.ms", "60000", "min.cleanable.dirty.ratio", "0");
        TopicIdPartition partition = givenAUpdatedLog(eager);
        broker.cleaner.checkNow().join();

        broker.clock.advance(Duration.ofSeconds(61));
        broker.appendNow(partition, KeyedBatch.at(6).record("d", "1").build());
        broker.appendNow(partition, KeyedBatch.at(7).record("e", "1").build());
        assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);

        // a=3 (offset 5) now cleanable replaces a=2; the tombstone's horizon has passed
        assertThat(records(partition)).containsExactly("3:c=1", "5:a=3", "6:d=1", "7:e=1");
    }

    @Test
    void shouldLeaveALogWhoseDirtyShareIsBelowTheMinimumRatio() {
        TopicIdPartition partition = givenAUpdatedLog(COMPACTED);
        broker.cleaner.checkNow().join();
        List<RecordBatch> cleaned = broker.store.stored(partition);

        broker.appendNow(partition, KeyedBatch.at(6).record("a", "4").build());

        assertThat(broker.cleaner.checkNow().join()).isZero();
        assertThat(broker.store.stored(partition)).hasSize(cleaned.size() + 1);
    }

    @Test
    void shouldLeaveTopicsThatAreNotCompacted() {
        TopicIdPartition partition = givenAUpdatedLog(Map.of("segment.ms", "1"));

        assertThat(broker.cleaner.checkNow().join()).isZero();

        assertThat(broker.store.stored(partition)).hasSize(4);
    }

    @Test
    void shouldCleanOnItsOwnEveryBackoff() {
        TopicIdPartition partition = givenAUpdatedLog(COMPACTED);
        broker.cleaner.start();

        broker.scheduler.advance(BACKOFF.minusMillis(1));
        assertThat(broker.store.stored(partition)).hasSize(4);

        broker.scheduler.advance(Duration.ofMillis(1));
        assertThat(broker.store.stored(partition)).hasSize(3);

        broker.cleaner.stop();
        assertThat(broker.scheduler.pendingTasks()).isZero();
    }

    @Test
    void shouldCleanItsOwnCopyOfAPartitionLedByAnotherBrokerWithoutTellingTheOthers() {
        ElectableClusterFake cluster = new ElectableClusterFake(2);
        CoreOnFakes follower = new CoreOnFakes(cluster);
        TopicIdPartition partition = follower.createTopic("latest", 1, COMPACTED).partition(0);
        follower.appendNow(partition, KeyedBatch.at(0).record("a", "1").build());
        follower.appendNow(partition, KeyedBatch.at(1).record("a", "2").build());
        follower.appendNow(partition, KeyedBatch.at(2).record("b", "1").build());
        cluster.lead(partition, 1);
        int submitted = follower.log.submitted().size();

        assertThat(follower.cleaner.checkNow().join()).isEqualTo(1);

        assertThat(follower.store.stored(partition)).extracting(RecordBatch::baseOffset).containsExactly(1L, 2L);
        assertThat(follower.log.submitted()).hasSize(submitted);
    }

    @Test
    void shouldCheckpointWhereTheCleaningStopped() {
        TopicIdPartition partition = givenAUpdatedLog(COMPACTED);

        broker.cleaner.checkNow().join();

        assertThat(broker.checkpoints.firstDirtyOffset(partition)).hasValue(5);
    }

    @Test
    void shouldTakeThePartBeforeTheStoredCheckpointAsClean() {
        TopicIdPartition partition = givenAUpdatedLog(EAGER);
        broker.checkpoints.checkpoint(partition, 4).join();

        assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);

        // only the tombstone of b was dirty: b=1 goes, a=1 stays, since no dirty record of a replaces it
        assertThat(records(partition)).containsExactly("0:a=1", "2:a=2", "3:c=1", "4:b=null", "5:a=3");
    }

    @Test
    void shouldCleanFromTheLogStartWhenTheCheckpointIsPastTheLogEnd() {
        TopicIdPartition partition = givenAUpdatedLog(EAGER);
        broker.checkpoints.checkpoint(partition, 1_000).join();

        assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);

        assertThat(records(partition)).containsExactly("2:a=2", "3:c=1", "4:b=null", "5:a=3");
        assertThat(broker.checkpoints.firstDirtyOffset(partition)).hasValue(5);
    }

    @Test
    void shouldNotCleanAgainAfterARestartWhatWasCleanedBefore() {
        TopicIdPartition partition = givenAUpdatedLog(EAGER);
        broker.cleaner.checkNow().join();
        List<String> cleaned = records(partition);

        LogCleanerService restarted = cleanerOver(broker.checkpoints);
        LogCleanerService restartedWithoutCheckpoints = cleanerOver(new InMemoryCleanerCheckpointStoreFake());

        assertThat(restarted.checkNow().join()).isZero();
        assertThat(restarted.stats().recordsRead()).isZero();
        assertThat(records(partition)).isEqualTo(cleaned);
        assertThat(restartedWithoutCheckpoints.checkNow().join()).as("everything cleanable is dirty again").isOne();
    }

    @Test
    void shouldStartARoundAskedForWhileAnotherRunsOnlyOnceThatOneHasEnded() {
        TopicIdPartition partition = givenAUpdatedLog(EAGER);
        Queue<Runnable> cleaningWork = new ArrayDeque<>();
        LogCleanerService cleaner = new LogCleanerService(broker.partitions, new UncompressedRecordBatchRewriterFake(),
                broker.checkpoints, broker.scheduler, broker.clock, cleaningWork::add, LogCleanerConfig.kafkaDefaults());

        CompletableFuture<Integer> first = cleaner.checkNow();
        CompletableFuture<Integer> second = cleaner.checkNow();
        while (!cleaningWork.isEmpty()) {
            cleaningWork.poll().run();
        }

        // one map serves every cleaning: the second round must not size, nor clean, the log while the first does
        assertThat(first.join()).isOne();
        assertThat(second.join()).as("the second round finds the log clean").isZero();
        assertThat(records(partition)).containsExactly("2:a=2", "3:c=1", "4:b=null", "5:a=3");
    }

    private LogCleanerService cleanerOver(CleanerCheckpointStore checkpoints) {
        return new LogCleanerService(broker.partitions, new UncompressedRecordBatchRewriterFake(), checkpoints,
                broker.scheduler, broker.clock, Runnable::run, LogCleanerConfig.kafkaDefaults());
    }

    /** Batches [0,2) a=1 b=1, [2,4) a=2 c=1, [4,5) a tombstone for b, [5,6) a=3; each its own segment. */
    private TopicIdPartition givenAUpdatedLog(Map<String, String> configs) {
        TopicIdPartition partition = broker.createTopic("latest", 1, configs).partition(0);
        broker.appendNow(partition, KeyedBatch.at(0).record("a", "1").record("b", "1").build());
        broker.appendNow(partition, KeyedBatch.at(2).record("a", "2").record("c", "1").build());
        broker.appendNow(partition, KeyedBatch.at(4).record("b", null).build());
        broker.appendNow(partition, KeyedBatch.at(5).record("a", "3").build());
        broker.clock.advance(Duration.ofSeconds(1));
        return partition;
    }

    private List<String> records(TopicIdPartition partition) {
        return broker.store.stored(partition).stream().flatMap(batch -> KeyedBatch.recordsOf(batch).stream())
                .map(LogCleanerServiceTest::describe).toList();
    }

    private static String describe(KeyedRecord record) {
        return record.offset() + ":" + record.key() + "=" + record.value();
    }

    private long listed(TopicIdPartition partition, OffsetSpec spec) {
        return broker.listOffsets.listOffset(partition, spec, IsolationLevel.READ_UNCOMMITTED).join().orElseThrow()
                .offset();
    }

    private FetchResult.PartitionData fetch(TopicIdPartition partition, long offset) {
        return broker.fetch.fetch(new FetchParams(List.of(new FetchParams.PartitionFetch(partition, offset, 1 << 20)),
                Duration.ZERO, 1, 1 << 20, IsolationLevel.READ_UNCOMMITTED)).join().partitions().get(0);
    }
}
