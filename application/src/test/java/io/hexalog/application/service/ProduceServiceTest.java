package io.hexalog.application.service;

import io.hexalog.application.fake.ElectableClusterFake;
import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.RequiredAcks;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.application.testdata.KeyedBatch;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.error.CorruptRecordException;
import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.NotEnoughReplicasException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.OutOfOrderSequenceException;
import io.hexalog.domain.error.RecordTooLargeException;
import io.hexalog.domain.error.StorageFullException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

class ProduceServiceTest {

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("orders", 1).partition(0);

    @Test
    void shouldAssignOffsetsThatAFetchThenSees() {
        // when two appends are made
        AppendResult first = broker.append(partition, records(3).build()).join();
        AppendResult second = broker.append(partition, records(2).build()).join();

        // then their offsets follow each other
        assertThat(first.baseOffset()).isZero();
        assertThat(second.baseOffset()).isEqualTo(3);
        assertThat(first.logAppendTime()).isEmpty();
        assertThat(second.logStartOffset()).isZero();

        // and a fetch returns both batches at those offsets
        FetchResult.PartitionData.Read data = fetchFrom(0);
        assertThat(data.highWatermark()).isEqualTo(5);
        assertThat(data.records().batches()).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L);
        assertThat(data.records().batches()).allSatisfy(RecordBatch::validate);
    }

    @Test
    void shouldStoreTheRecordsAsTheProducerSentThem() {
        byte[] sent = records(4).bytes();
        RecordBatch batch = RecordBatch.wrap(ByteBuffer.wrap(sent.clone()));
        broker.appendNow(partition, records(1).build());

        broker.appendNow(partition, batch);

        // only the base offset (bytes 0-7) and the leader epoch (bytes 12-15) may differ
        byte[] stored = bytes(broker.store.stored(partition).get(1));
        assertThat(ByteBuffer.wrap(stored).getLong(0)).isEqualTo(1);
        assertThat(ByteBuffer.wrap(stored).getInt(12)).isEqualTo(PartitionRegistry.LEADER_EPOCH);
        assertThat(ByteBuffer.wrap(stored, 16, stored.length - 16))
                .isEqualTo(ByteBuffer.wrap(sent, 16, sent.length - 16));
    }

    @Test
    void shouldAnswerARetriedBatchWithItsOriginalOffset() {
        // given an idempotent producer's batch, stored after another producer's
        broker.appendNow(partition, records(5).build());
        long original = broker.appendNow(partition, records(2).producer(42, 0, 0).build());

        // when the producer retries it (it never saw the answer)
        long retried = broker.appendNow(partition, records(2).producer(42, 0, 0).build());

        // then it gets the original offset and nothing more is stored
        assertThat(original).isEqualTo(5);
        assertThat(retried).isEqualTo(5);
        assertThat(broker.store.stored(partition)).hasSize(2);
        assertThat(broker.store.appendCalls()).isEqualTo(2);
    }

    @Test
    void shouldRejectAnOutOfOrderSequence() {
        broker.appendNow(partition, records(2).producer(42, 0, 0).build());

        CompletableFuture<AppendResult> gap = broker.append(partition, records(1).producer(42, 0, 5).build());

        assertThat(gap).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(broker.store.stored(partition)).hasSize(1);
    }

    @Test
    void shouldRejectABatchWithBadCrcAndStoreNothing() {
        byte[] bytes = records(2).bytes();
        bytes[bytes.length - 1] ^= 0x01;

        CompletableFuture<AppendResult> append = broker.append(partition, RecordBatch.wrap(ByteBuffer.wrap(bytes)));

        assertThat(append).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(CorruptRecordException.class);
        assertThat(broker.store.appendCalls()).isZero();
    }

    @Test
    void shouldStoreNothingOfARequestWhenOneOfItsBatchesIsCorrupt() {
        byte[] bad = records(1).bytes();
        bad[bad.length - 1] ^= 0x01;

        CompletableFuture<AppendResult> append = broker.append(partition,
                records(1).build(), RecordBatch.wrap(ByteBuffer.wrap(bad)));

        assertThat(append).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(CorruptRecordException.class);
        assertThat(broker.appendNow(partition, records(1).build())).isZero();
    }

    @Test
    void shouldRejectABatchLargerThanTheBrokerAllows() {
        CoreOnFakes small = new CoreOnFakes(new BrokerConfig(1, true, 200), 1);
        TopicIdPartition target = small.createTopic("small", 1).partition(0);

        CompletableFuture<AppendResult> append = small.append(target, records(1).valueSize(200).build());

        assertThat(append).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(RecordTooLargeException.class);
        assertThat(small.store.appendCalls()).isZero();
    }

    @Test
    void shouldRejectAControlBatch() {
        byte[] bytes = records(1).bytes();
        ByteBuffer.wrap(bytes).putShort(21, (short) 0x20);
        RecordBatch control = withFreshCrc(bytes);

        assertThat(broker.append(partition, control)).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void shouldRefuseARecordWithoutAKeyOnACompactedTopicAndStoreNothing() {
        TopicIdPartition compacted = broker.createTopic("table", 1, Map.of("cleanup.policy", "compact")).partition(0);

        CompletableFuture<AppendResult> append = broker.append(compacted,
                KeyedBatch.at(0).record("a", "1").record(null, "2").build());

        assertThat(append).failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(InvalidRecordException.class)
                .withMessage("Compacted topic cannot accept message without key in topic partition table-0");
        assertThat(broker.store.appendCalls()).isZero();
    }

    @Test
    void shouldTakeKeyedRecordsOnACompactedTopicAndKeylessOnesElsewhere() {
        TopicIdPartition compacted = broker.createTopic("table", 1, Map.of("cleanup.policy", "compact")).partition(0);

        assertThat(broker.append(compacted, KeyedBatch.at(0).record("a", "1").record("", "2").build()))
                .succeedsWithin(Duration.ZERO);
        assertThat(broker.append(partition, KeyedBatch.at(0).record(null, "1").build())).succeedsWithin(Duration.ZERO);
    }

    @Test
    void shouldRejectAnUnknownPartition() {
        TopicIdPartition unknown = new Topic(TopicName.of("orders"), partition.topicId(), 2, Map.of())
                .partition(1);

        assertThat(broker.append(unknown, records(1).build())).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldTakeThePartitionOfflineForWritesWhenTheStoreFailsButKeepServingReads() {
        // given a stored batch, then a storage failure
        broker.appendNow(partition, records(3).build());
        broker.store.failAppends();

        // when an append fails to be stored
        CompletableFuture<AppendResult> failed = broker.append(partition, records(1).build());

        // then the producer hears of a storage error
        assertThat(failed).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(KafkaStorageException.class);

        // and later appends are refused without reaching the store, even once it works again
        broker.store.stopFailing();
        int callsBefore = broker.store.appendCalls();
        CompletableFuture<AppendResult> later = broker.append(partition, records(1).build());
        assertThat(later).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(KafkaStorageException.class);
        assertThat(broker.store.appendCalls()).isEqualTo(callsBefore);

        // while what was stored can still be read, and nothing beyond it is visible
        FetchResult.PartitionData.Read data = fetchFrom(0);
        assertThat(data.highWatermark()).isEqualTo(3);
        assertThat(data.records().batches()).extracting(RecordBatch::recordCount).containsExactly(3);

        // and other partitions are not affected
        TopicIdPartition other = broker.createTopic("payments", 1).partition(0);
        assertThat(broker.appendNow(other, records(1).build())).isZero();
    }

    @Test
    void shouldRefuseAnAppendThatDoesNotFitWithoutTakingThePartitionOfflineOrUsingItsOffsets() {
        // given a stored batch, then a store with no room left
        broker.appendNow(partition, records(3).build());
        broker.store.fill();

        // when an append is refused
        CompletableFuture<AppendResult> refused = broker.append(partition, records(2).build());

        // then the producer is told why, and nothing is stored or visible
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(StorageFullException.class);
        assertThat(broker.store.stored(partition)).hasSize(1);
        assertThat(fetchFrom(0).highWatermark()).isEqualTo(3);

        // and once there is room, the next append takes the offsets the refused one would have had
        broker.store.makeRoom();
        assertThat(broker.appendNow(partition, records(1).build())).isEqualTo(3);
        assertThat(fetchFrom(0).records().batches()).extracting(RecordBatch::recordCount).containsExactly(3, 1);
    }

    @Test
    void shouldAskTheLogToAnswerAnAcksOneProduceOnceTheLeaderPlacedItAndAnAcksAllOneOnceApplied() {
        RecordBatch leaderOnly = records(2).build();
        RecordBatch all = records(1).build();

        AppendResult placed = broker.produce.append(new AppendRecordsCommand(partition, List.of(leaderOnly),
                Optional.empty(), TransactionSupportedOperation.DEFAULT_ERROR, RequiredAcks.LEADER)).join();
        AppendResult applied = broker.produce.append(new AppendRecordsCommand(partition, List.of(all))).join();

        assertThat(placed.baseOffset()).isZero();
        assertThat(applied.baseOffset()).isEqualTo(2);
        assertThat(broker.log.leaderAcknowledged()).singleElement()
                .satisfies(append -> assertThat(append.batches()).containsExactly(leaderOnly));
        assertThat(broker.log.submitted()).filteredOn(ReplicatedCommand.AppendBatches.class::isInstance).hasSize(2);
    }

    @Test
    void shouldRefuseAnAcksAllProduceWithNotEnoughReplicasWhileFewerReplicasThanTheTopicAsksForAreInSync() {
        // given a broker of three leading a partition whose topic asks for two replicas in sync, with the others down
        AskingTwoInSync guarded = new AskingTwoInSync();
        guarded.cluster.stop(1);
        guarded.cluster.stop(2);
        CoreOnFakes leader = guarded.leader;
        TopicIdPartition orders = guarded.orders;

        // when a producer sends with acks=all
        CompletableFuture<AppendResult> refused = leader.append(orders, records(2).build());

        // then it is refused, and nothing is stored
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(NotEnoughReplicasException.class)
                .withMessageContaining("min.isr requirement of 2 for partition orders-0");
        assertThat(leader.store.stored(orders)).isEmpty();

        // while acks=1 and acks=0 are taken, as Kafka takes them
        assertThat(leader.produce.append(new AppendRecordsCommand(orders, List.of(records(1).build()), Optional.empty(),
                TransactionSupportedOperation.DEFAULT_ERROR, RequiredAcks.LEADER)).join().baseOffset()).isZero();
        assertThat(leader.produce.append(new AppendRecordsCommand(orders, List.of(records(1).build()), Optional.empty(),
                TransactionSupportedOperation.DEFAULT_ERROR, RequiredAcks.NONE)).join().baseOffset()).isEqualTo(1);
    }

    @Test
    void shouldTakeAnAcksAllProduceWhileAsManyReplicasAsTheTopicAsksForAreInSync() {
        AskingTwoInSync guarded = new AskingTwoInSync();
        guarded.cluster.stop(2);

        assertThat(guarded.leader.appendNow(guarded.orders, records(2).build())).isZero();
        assertThat(guarded.leader.store.stored(guarded.orders)).hasSize(1);
    }

    /** The leader, broker 0 of three, of a partition of "orders", a topic that asks for two replicas in sync. */
    private static final class AskingTwoInSync {
        private final ElectableClusterFake cluster = new ElectableClusterFake(3);
        private final CoreOnFakes leader = new CoreOnFakes(cluster);
        private final TopicIdPartition orders = leader.createTopic("orders", 1, Map.of("min.insync.replicas", "2"))
                .partition(0);
    }

    @Test
    void shouldTellHowFarApplyingHasGotAndThatAPartitionRefusesAppendsWhileItsStoreIsOutOfRoom() {
        broker.appendNow(partition, records(3).build());
        assertThat(broker.core.applyCommands().appliedLogEnd(partition))
                .contains(new AppliedLogEnd(ApplyCommandUseCase.NO_LOG_INDEX, 3, 0, true));

        broker.store.fill();
        assertThat(broker.append(partition, records(2).build())).failsWithin(Duration.ZERO);
        assertThat(broker.core.applyCommands().appliedLogEnd(partition))
                .contains(new AppliedLogEnd(ApplyCommandUseCase.NO_LOG_INDEX, 3, 0, false));

        broker.store.makeRoom();
        broker.appendNow(partition, records(1).build());
        assertThat(broker.core.applyCommands().appliedLogEnd(partition))
                .contains(new AppliedLogEnd(ApplyCommandUseCase.NO_LOG_INDEX, 4, 0, true));
        TopicIdPartition unknown = new Topic(TopicName.of("orders"), partition.topicId(), 2, Map.of()).partition(1);
        assertThat(broker.core.applyCommands().appliedLogEnd(unknown)).as("a partition not hosted here").isEmpty();
    }

    @Test
    void shouldHoldProducesThatReachABrokerJustElectedThePartitionsLeaderUntilItServesThenAppendThemInOrder() {
        JustElected elected = new JustElected();

        CompletableFuture<AppendResult> first = elected.broker.append(elected.orders, records(2).build());
        CompletableFuture<AppendResult> second = elected.broker.append(elected.orders, records(1).build());
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        elected.leadership.serve();

        assertThat(first.join().baseOffset()).isZero();
        assertThat(second.join().baseOffset()).isEqualTo(2);
    }

    @Test
    void shouldSendAHeldProduceAwayWhenTheBrokerDoesNotServeThePartitionAfterAll() {
        JustElected elected = new JustElected();

        CompletableFuture<AppendResult> held = elected.broker.append(elected.orders, records(2).build());
        elected.leadership.lose();

        assertThat(held).failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                .isInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(elected.broker.store.stored(elected.orders)).isEmpty();
    }

    /** A broker of three just elected the leader of a partition of "orders", not serving it yet. */
    private static final class JustElected {
        private final ElectableClusterFake cluster = new ElectableClusterFake(3);
        private final CoreOnFakes broker = new CoreOnFakes(cluster);
        private final TopicIdPartition orders = broker.createTopic("orders", 1).partition(0);
        private final ElectableClusterFake.Becoming leadership = cluster.becomeLeaderLater(orders);
    }

    @Test
    void shouldStoreTheRetryOfAnIdempotentBatchRefusedForLackOfRoomAsANewBatch() {
        broker.appendNow(partition, records(2).producer(42, 0, 0).build());
        broker.store.fill();
        assertThat(broker.append(partition, records(3).producer(42, 0, 2).build())).failsWithin(Duration.ZERO)
                .withThrowableThat().havingRootCause().isInstanceOf(StorageFullException.class);

        // the producer retries the same sequences: neither a duplicate nor out of order
        broker.store.makeRoom();
        long retried = broker.appendNow(partition, records(3).producer(42, 0, 2).build());

        assertThat(retried).isEqualTo(2);
        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseSequence).containsExactly(0, 2);
        assertThat(broker.appendNow(partition, records(1).producer(42, 0, 5).build())).isEqualTo(5);
    }

    @Test
    void shouldMakeABatchVisibleOnlyOnceStored() {
        // given an append still in flight in the store
        broker.store.holdAppends();
        CompletableFuture<AppendResult> pending = broker.append(partition, records(2).build());

        // then it is not acknowledged and not visible
        assertThat(pending).isNotDone();
        assertThat(fetchFrom(0).records().isEmpty()).isTrue();
        assertThat(fetchFrom(0).highWatermark()).isZero();

        // when the store finishes
        broker.store.releaseHeldAppends();

        // then
        assertThat(pending).isCompletedWithValueMatching(result -> result.baseOffset() == 0);
        assertThat(fetchFrom(0).records().batches()).hasSize(1);
    }

    @Test
    void shouldNotAcknowledgeARetryBeforeTheOriginalIsStored() {
        // given an idempotent batch whose write is still in flight
        broker.store.holdAppends();
        CompletableFuture<AppendResult> original = broker.append(partition, records(2).producer(42, 0, 0).build());

        // when the producer retries it
        CompletableFuture<AppendResult> retry = broker.append(partition, records(2).producer(42, 0, 0).build());

        // then the retry is not acknowledged while the original could still be lost
        assertThat(retry).isNotDone();

        // and both are acknowledged with the same offset once it is stored
        broker.store.releaseHeldAppends();
        assertThat(original.join().baseOffset()).isZero();
        assertThat(retry.join().baseOffset()).isZero();
    }

    @Test
    void shouldFailARetryWhoseOriginalCouldNotBeStored() {
        broker.store.holdAppends();
        CompletableFuture<AppendResult> original = broker.append(partition, records(2).producer(42, 0, 0).build());
        CompletableFuture<AppendResult> retry = broker.append(partition, records(2).producer(42, 0, 0).build());

        broker.store.failAppends();
        broker.store.releaseHeldAppends();

        assertThat(original).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(KafkaStorageException.class);
        assertThat(retry).failsWithin(Duration.ZERO).withThrowableThat()
                .havingRootCause().isInstanceOf(KafkaStorageException.class);
    }

    private FetchResult.PartitionData.Read fetchFrom(long offset) {
        FetchParams query = new FetchParams(List.of(new FetchParams.PartitionFetch(partition, offset, 1 << 20)),
                Duration.ZERO, 0, 1 << 20, IsolationLevel.READ_UNCOMMITTED);
        FetchResult.PartitionData data = broker.fetch.fetch(query).join().partitions().get(0);
        assertThat(data).isInstanceOf(FetchResult.PartitionData.Read.class);
        return (FetchResult.PartitionData.Read) data;
    }

    private static byte[] bytes(RecordBatch batch) {
        ByteBuffer source = batch.bytes();
        byte[] copy = new byte[source.remaining()];
        source.get(copy);
        return copy;
    }

    private static RecordBatch withFreshCrc(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 21, bytes.length - 21);
        ByteBuffer.wrap(bytes).putInt(17, (int) crc.getValue());
        return RecordBatch.wrap(ByteBuffer.wrap(bytes));
    }
}
