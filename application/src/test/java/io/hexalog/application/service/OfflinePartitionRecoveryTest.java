package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendResult;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

class OfflinePartitionRecoveryTest {

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("orders", 1).partition(0);

    OfflinePartitionRecoveryTest() {
        broker.core.start();
    }

    @Test
    void shouldBringThePartitionBackAtTheOffsetsStoredWhenTheStoreTakesWritesAgain() {
        // given a stored batch, then two appends in flight that the store fails
        broker.appendNow(partition, records(3).build());
        broker.store.holdAppends();
        CompletableFuture<AppendResult> first = broker.append(partition, records(2).build());
        CompletableFuture<AppendResult> second = broker.append(partition, records(4).build());
        broker.store.failAppends();
        broker.store.releaseHeldAppends();
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();

        // then the partition is offline and has no leader, and stays so while the store refuses writes
        assertThat(broker.partitions.isOffline(partition)).isTrue();
        assertThat(leadership().leaderId()).isEqualTo(PartitionLeadership.NO_LEADER);
        assertThat(leadership().offlineReplicas()).containsExactly(0);
        broker.scheduler.advance(Duration.ofSeconds(3));
        assertThat(broker.partitions.isOffline(partition)).isTrue();

        // when the store takes writes again and the next check runs
        broker.store.stopFailing();
        broker.scheduler.advance(OfflinePartitionRecovery.CHECK_INTERVAL);

        // then the partition is back, led again, and the next append continues from what was stored: no gap
        assertThat(broker.partitions.isOffline(partition)).isFalse();
        assertThat(leadership().leaderId()).isZero();
        assertThat(leadership().offlineReplicas()).isEmpty();
        assertThat(broker.appendNow(partition, records(1).build())).isEqualTo(3);
        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L);
    }

    @Test
    void shouldLeaveAPartitionOnlineWhileNoWriteFailed() {
        broker.appendNow(partition, records(1).build());
        broker.store.failAppends();

        broker.scheduler.advance(Duration.ofSeconds(10));

        // nothing failed yet, so nothing is offline
        assertThat(broker.partitions.isOffline(partition)).isFalse();
        assertThat(leadership().leaderId()).isZero();
    }

    private PartitionLeadership leadership() {
        return broker.core.describeCluster().leadership(partition);
    }
}
