package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.CopyReplicaUseCase;
import io.hexalog.application.port.in.ReplicaImage;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.apache.ratis.server.protocol.TermIndex;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A shard's partitions copied from its leader to a member that lost them or was left behind, through the questions
 * and answers the two exchange, each side's store a map: the batches arrive whole, in chunks no larger than asked,
 * at the pace set, and only those the member lacks.
 */
class ShardReplicaCopyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Topic ORDERS = Topic.create(TopicName.of("orders"), 2, 3);
    private static final TermIndex LEADER_APPLIED = TermIndex.valueOf(3, 4_000);
    private static final int VALUE_BYTES = 10_000;

    private static final int MEMBER_ID = 3;

    private final Replicas leader = new Replicas();
    private final List<Integer> askers = new ArrayList<>();
    private final Replicas member = new Replicas();
    private long now;
    private long slept;

    @Test
    void shouldCopyEveryBatchOfEveryPartitionAtTheRateSet() throws Exception {
        for (int batch = 0; batch < 40; batch++) {
            leader.append(ORDERS.partition(batch % 2), 2);
        }
        long bytes = leader.bytes(ORDERS.partition(0)) + leader.bytes(ORDERS.partition(1));
        long rate = 100_000;
        ReplicaCopyPace pace = new ReplicaCopyPace(rate, () -> now, nanos -> {
            slept += nanos;
            now += nanos;
        }, () -> { });

        TermIndex resumeAfter = ShardReplicaCopy.copy(this::askLeader, "the shard's leader", member, 1 << 20, WAIT, pace, MEMBER_ID);

        assertThat(resumeAfter).isEqualTo(LEADER_APPLIED);
        for (TopicIdPartition partition : ORDERS.partitions()) {
            assertThat(bytesOf(member.stored(partition))).as("batches of %s", partition)
                    .isEqualTo(bytesOf(leader.stored(partition))).isNotEmpty();
            assertThat(member.completed).contains(partition);
        }
        assertThat(leader.asked).as("bytes asked for at a time").isNotEmpty()
                .allSatisfy(maxBytes -> assertThat(maxBytes).isEqualTo(ReplicaCopyPace.MIN_CHUNK_BYTES));
        assertThat(slept).as("time the copy took, at %d bytes a second", rate)
                .isCloseTo(TimeUnit.SECONDS.toNanos(1) * bytes / rate, within(1_000L));
        assertThat(askers).as("who asked each question").isNotEmpty().containsOnly(MEMBER_ID);
    }

    @Test
    void shouldAskForWholeChunksAndNeverWaitWithoutALimit() throws Exception {
        for (int batch = 0; batch < 10; batch++) {
            leader.append(ORDERS.partition(0), 1);
        }
        ReplicaCopyPace pace = new ReplicaCopyPace(0, () -> now, nanos -> slept += nanos, () -> { });

        ShardReplicaCopy.copy(this::askLeader, "the shard's leader", member, 1 << 20, WAIT, pace, MEMBER_ID);

        assertThat(bytesOf(member.stored(ORDERS.partition(0)))).isEqualTo(bytesOf(leader.stored(ORDERS.partition(0))))
                .hasSize(10);
        assertThat(leader.asked).containsOnly(1 << 20);
        assertThat(slept).isZero();
    }

    @Test
    void shouldCopyOnlyTheBatchesAfterThoseAMemberLeftBehindHoldsAlready() throws Exception {
        TopicIdPartition partition = ORDERS.partition(0);
        for (int batch = 0; batch < 25; batch++) {
            leader.append(partition, 2);
        }
        member.batches.put(partition, new ArrayList<>(leader.stored(partition).subList(0, 10)));
        ReplicaCopyPace pace = new ReplicaCopyPace(0, () -> now, nanos -> slept += nanos, () -> { });

        ShardReplicaCopy.copy(this::askLeader, "the shard's leader", member, 1 << 20, WAIT, pace, MEMBER_ID);

        assertThat(bytesOf(member.stored(partition))).isEqualTo(bytesOf(leader.stored(partition))).hasSize(25);
        assertThat(member.installed).as("batches installed").hasSize(15)
                .first().satisfies(batch -> assertThat(batch.baseOffset()).isEqualTo(20));
        assertThat(member.completed).contains(partition);
    }

    @Test
    void shouldCopyFromTheLeadersLogStartWhenItNoLongerHoldsWhatFollowsTheMembersEnd() throws Exception {
        TopicIdPartition partition = ORDERS.partition(0);
        for (int batch = 0; batch < 25; batch++) {
            leader.append(partition, 2);
        }
        member.batches.put(partition, new ArrayList<>(leader.stored(partition).subList(0, 5)));
        leader.deleteBefore(partition, 30);
        ReplicaCopyPace pace = new ReplicaCopyPace(0, () -> now, nanos -> slept += nanos, () -> { });

        ShardReplicaCopy.copy(this::askLeader, "the shard's leader", member, 1 << 20, WAIT, pace, MEMBER_ID);

        assertThat(member.installed).as("batches installed").hasSize(10)
                .first().satisfies(batch -> assertThat(batch.baseOffset()).isEqualTo(30));
        assertThat(bytesOf(member.stored(partition))).isEqualTo(bytesOf(leader.stored(partition)));
        assertThat(member.completedImages.get(member.completed.indexOf(partition)).logStartOffset()).isEqualTo(30);
    }

    @Test
    void shouldRefuseACopyWhenTheMembersReplicaEndsPastTheLeaders() {
        TopicIdPartition partition = ORDERS.partition(0);
        for (int batch = 0; batch < 5; batch++) {
            member.append(partition, 2);
        }
        leader.append(partition, 2);
        ReplicaCopyPace pace = new ReplicaCopyPace(0, () -> now, nanos -> slept += nanos, () -> { });

        assertThatThrownBy(() -> ShardReplicaCopy.copy(this::askLeader, "the shard's leader", member, 1 << 20, WAIT, pace, MEMBER_ID))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("past that of the shard's leader");
        assertThat(member.installed).isEmpty();
    }

    private static List<ByteBuffer> bytesOf(List<RecordBatch> batches) {
        return batches.stream().map(RecordBatch::bytes).toList();
    }

    private byte[] askLeader(byte[] question) throws java.io.IOException {
        return ShardReplicaCopy.answer(question, LEADER_APPLIED, ORDERS.partitions(), leader, WAIT, askers::add);
    }

    /** One side's partitions, in memory, as the application's use case hands them out and installs them. */
    private static final class Replicas implements CopyReplicaUseCase {
        private final Map<TopicIdPartition, List<RecordBatch>> batches = new HashMap<>();
        private final List<Integer> asked = new ArrayList<>();
        private final List<TopicIdPartition> completed = new ArrayList<>();
        private final List<ReplicaImage> completedImages = new ArrayList<>();
        private final List<RecordBatch> installed = new ArrayList<>();
        private final Map<TopicIdPartition, Long> logStarts = new HashMap<>();

        /** Appends a batch of {@code records} records after the partition's last. */
        void append(TopicIdPartition partition, int records) {
            List<RecordBatch> log = batches.computeIfAbsent(partition, ignored -> new ArrayList<>());
            long base = log.isEmpty() ? 0 : log.get(log.size() - 1).nextOffset();
            log.add(aBatch().withBaseOffset(base).withRecords(records).withValueSize(VALUE_BYTES).build());
        }

        /** Drops the batches wholly below {@code offset}, as retention does. */
        void deleteBefore(TopicIdPartition partition, long offset) {
            logStarts.put(partition, offset);
            batches.get(partition).removeIf(batch -> batch.nextOffset() <= offset);
        }

        long end(TopicIdPartition partition) {
            List<RecordBatch> log = stored(partition);
            return log.isEmpty() ? 0 : log.get(log.size() - 1).nextOffset();
        }

        List<RecordBatch> stored(TopicIdPartition partition) {
            return batches.getOrDefault(partition, List.of());
        }

        long bytes(TopicIdPartition partition) {
            return stored(partition).stream().mapToLong(RecordBatch::sizeInBytes).sum();
        }

        @Override
        public List<TopicIdPartition> hostedPartitions() {
            return ORDERS.partitions();
        }

        @Override
        public CompletableFuture<ReplicaImage> image(TopicIdPartition partition) {
            return CompletableFuture.completedFuture(new ReplicaImage(logStarts.getOrDefault(partition, 0L),
                    end(partition), List.of(), LEADER_APPLIED.getIndex(), List.of()));
        }

        @Override
        public CompletableFuture<List<RecordBatch>> batches(TopicIdPartition partition, long fromOffset,
                                                            long beforeOffset, int maxBytes) {
            asked.add(maxBytes);
            List<RecordBatch> chunk = new ArrayList<>();
            long size = 0;
            for (RecordBatch batch : stored(partition)) {
                if (batch.nextOffset() <= fromOffset || batch.baseOffset() >= beforeOffset) {
                    continue;
                }
                if (!chunk.isEmpty() && size + batch.sizeInBytes() > maxBytes) {
                    break;
                }
                chunk.add(batch);
                size += batch.sizeInBytes();
            }
            return CompletableFuture.completedFuture(chunk);
        }

        @Override
        public CompletableFuture<Long> prepareInstall(TopicIdPartition partition, long copyLogStartOffset) {
            if (end(partition) >= copyLogStartOffset) {
                return CompletableFuture.completedFuture(end(partition));
            }
            batches.remove(partition);
            return CompletableFuture.completedFuture(copyLogStartOffset);
        }

        @Override
        public CompletableFuture<Void> installBatches(TopicIdPartition partition, List<RecordBatch> copied) {
            batches.computeIfAbsent(partition, ignored -> new ArrayList<>()).addAll(copied);
            installed.addAll(copied);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> completeInstall(TopicIdPartition partition, ReplicaImage image) {
            completed.add(partition);
            completedImages.add(image);
            return CompletableFuture.completedFuture(null);
        }
    }
}
