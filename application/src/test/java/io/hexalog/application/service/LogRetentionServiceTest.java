package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ListedOffset;
import io.hexalog.application.port.in.OffsetSpec;
import io.hexalog.application.fake.ElectableClusterFake;
import io.hexalog.domain.cluster.ReplicatedCommand.AdvanceLogStartOffset;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.TimestampType;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.SampleBatches.BASE_TIMESTAMP;
import static io.hexalog.application.service.SampleBatches.records;
import static io.hexalog.application.service.SampleBatches.withTimestamps;
import static org.assertj.core.api.Assertions.assertThat;

/** Retention in the background: batches too old or too many leave the head of the log. */
class LogRetentionServiceTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final CoreOnFakes broker = new CoreOnFakes(new BrokerConfig(1, true, 1 << 20, -1, -1,
            TimestampType.CREATE_TIME, INTERVAL, Set.of(), GroupCoordinatorConfig.kafkaDefaults()), 1);

    @Test
    void shouldRemoveBatchesOlderThanRetentionMsOnTheNextCheck() {
        // given batches written at T, T+1s and T+2s to a topic keeping records 5 seconds
        TopicIdPartition partition = broker.createTopic("aging", 1, Map.of("retention.ms", "5000")).partition(0);
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP).build());
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP + 1000, BASE_TIMESTAMP + 1000).build());
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP + 2000).build());
        broker.retention.start();

        // when the clock passes T+6.5s and a check runs
        broker.clock.advance(Duration.ofMillis(6500));
        broker.scheduler.advance(INTERVAL);

        // then the first two batches are gone and the log starts after them
        assertThat(logStartOffset(partition)).isEqualTo(3);
        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseOffset).containsExactly(3L);
        FetchResult.PartitionData below = fetch(partition, 0);
        assertThat(below).isInstanceOfSatisfying(FetchResult.PartitionData.Failed.class,
                failed -> assertThat(failed.error()).isInstanceOf(OffsetOutOfRangeException.class));
        assertThat(fetch(partition, 3)).isInstanceOfSatisfying(FetchResult.PartitionData.Read.class,
                read -> assertThat(read.records().batches()).hasSize(1));
    }

    @Test
    void shouldCheckAgainEveryInterval() {
        TopicIdPartition partition = broker.createTopic("aging", 1, Map.of("retention.ms", "5000")).partition(0);
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP).build());
        broker.retention.start();

        broker.scheduler.advance(INTERVAL);
        assertThat(logStartOffset(partition)).isZero();

        broker.clock.advance(Duration.ofSeconds(6));
        broker.scheduler.advance(INTERVAL);
        assertThat(logStartOffset(partition)).isEqualTo(1);
        assertThat(broker.scheduler.pendingTasks()).isEqualTo(1);

        broker.retention.stop();
        assertThat(broker.scheduler.pendingTasks()).isZero();
    }

    @Test
    void shouldLeaveACompactedTopicWithoutTheDeletePolicyToTheCleaner() {
        TopicIdPartition partition = broker.createTopic("latest", 1,
                Map.of("retention.ms", "5000", "cleanup.policy", "compact")).partition(0);
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP).keyed().build());
        broker.clock.advance(Duration.ofSeconds(60));

        assertThat(broker.retention.checkNow().join()).isZero();

        assertThat(logStartOffset(partition)).isZero();
        assertThat(broker.store.stored(partition)).hasSize(1);
    }

    @Test
    void shouldApplyRetentionToATopicBothCompactedAndDeleted() {
        TopicIdPartition partition = broker.createTopic("both", 1,
                Map.of("retention.ms", "5000", "cleanup.policy", "compact,delete")).partition(0);
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP).keyed().build());
        broker.appendNow(partition, withTimestamps(BASE_TIMESTAMP + 10_000).keyed().build());
        broker.clock.advance(Duration.ofMillis(6500));

        assertThat(broker.retention.checkNow().join()).isEqualTo(1);

        assertThat(logStartOffset(partition)).isEqualTo(1);
    }

    @Test
    void shouldKeepTheLogAtLeastRetentionBytesLarge() {
        int size = records(2).build().sizeInBytes();
        TopicIdPartition partition = broker.createTopic("sized", 1,
                Map.of("retention.bytes", Integer.toString(2 * size))).partition(0);
        for (int i = 0; i < 5; i++) {
            broker.appendNow(partition, records(2).build());
        }

        assertThat(broker.retention.checkNow().join()).isEqualTo(1);

        assertThat(logStartOffset(partition)).isEqualTo(6);
        assertThat(broker.store.stored(partition)).hasSize(2);
    }

    @Test
    void shouldLeaveTopicsWithoutLimitsAlone() {
        TopicIdPartition partition = broker.createTopic("forever", 1, Map.of("retention.ms", "-1")).partition(0);
        broker.appendNow(partition, records(1).build());
        broker.clock.advance(Duration.ofDays(10_000));

        assertThat(broker.retention.checkNow().join()).isZero();
        assertThat(logStartOffset(partition)).isZero();
    }

    @Test
    void shouldRemoveNothingThatIsNotYetCommitted() {
        TopicIdPartition partition = broker.createTopic("pending", 1, Map.of("retention.ms", "0")).partition(0);
        broker.appendNow(partition, records(1).build());
        broker.store.holdAppends();
        broker.append(partition, records(1).build());
        broker.clock.advance(Duration.ofSeconds(1));

        CompletableFuture<Integer> check = broker.retention.checkNow();
        broker.store.releaseHeldAppends();
        check.join();

        assertThat(logStartOffset(partition)).isEqualTo(1);
        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseOffset).containsExactly(1L);
    }

    @Test
    void shouldLetTheEarliestOffsetFollowTheLogStart() {
        TopicIdPartition partition = broker.createTopic("aging", 1, Map.of("retention.ms", "1000")).partition(0);
        broker.appendNow(partition, records(4).build());
        broker.clock.advance(Duration.ofSeconds(2));
        broker.retention.checkNow().join();

        ListedOffset earliest = broker.listOffsets.listOffset(partition, new OffsetSpec.Earliest(),
                IsolationLevel.READ_UNCOMMITTED).join().orElseThrow();

        assertThat(earliest.offset()).isEqualTo(4);
        assertThat(broker.appendNow(partition, records(1).build())).isEqualTo(4);
    }

    @Test
    void shouldMoveTheLogStartThroughTheReplicatedLogSoThatEveryReplicaCutsAlike() {
        TopicIdPartition partition = broker.createTopic("aging", 1, Map.of("retention.ms", "1000")).partition(0);
        broker.appendNow(partition, records(4).build());
        broker.appendNow(partition, records(1).build());
        broker.clock.advance(Duration.ofSeconds(2));

        broker.retention.checkNow().join();

        assertThat(broker.log.submitted()).contains(new AdvanceLogStartOffset(partition, 5));
    }

    @Test
    void shouldLeaveAPartitionLedByAnotherBrokerToThatLeader() {
        ElectableClusterFake cluster = new ElectableClusterFake(2);
        CoreOnFakes follower = new CoreOnFakes(cluster);
        TopicIdPartition partition = follower.createTopic("aging", 1, Map.of("retention.ms", "1000")).partition(0);
        follower.appendNow(partition, records(4).build());
        follower.clock.advance(Duration.ofSeconds(2));
        cluster.lead(partition, 1);

        assertThat(follower.retention.checkNow().join()).isZero();

        assertThat(follower.partitions.get(partition).offsets().logStartOffset()).isZero();
        assertThat(follower.log.submitted()).noneMatch(AdvanceLogStartOffset.class::isInstance);
        assertThat(follower.store.stored(partition)).hasSize(1);
    }

    private long logStartOffset(TopicIdPartition partition) {
        return broker.partitions.get(partition).offsets().logStartOffset();
    }

    private FetchResult.PartitionData fetch(TopicIdPartition partition, long offset) {
        return broker.fetch.fetch(new FetchParams(List.of(new FetchParams.PartitionFetch(partition, offset, 1 << 20)),
                Duration.ZERO, 1, 1 << 20, IsolationLevel.READ_UNCOMMITTED)).join().partitions().get(0);
    }

}
