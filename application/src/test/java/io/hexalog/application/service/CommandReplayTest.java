package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.application.fake.InMemoryGroupConfigStoreFake;
import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.InMemoryTopicCatalogFake;
import io.hexalog.application.fake.InMemoryTransactionStateStoreFake;
import io.hexalog.application.fake.SequentialProducerIdBlockStoreFake;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.domain.cluster.ReplicatedCommand.AdvanceLogStartOffset;
import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.hexalog.application.service.SampleBatches.records;
import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node of a cluster that restarts keeps its partition logs, rebuilds its metadata from empty stores, and
 * applies again the commands its Raft log holds after its last snapshot: an append its store holds already is
 * not appended twice, and appends of a topic deleted meanwhile fail at once.
 */
class CommandReplayTest {

    private static final int EPOCH = 3;
    private final Topic orders = Topic.create(TopicName.of("orders"), 1);
    private final TopicIdPartition partition = orders.partition(0);
    /** The partition logs, which survive the restart. */
    private final InMemoryPartitionLogStoreFake store = new InMemoryPartitionLogStoreFake();

    @Test
    void shouldNotAppendAgainWhatTheStoreHoldsWhenCommandsAreReplayedAfterARestart() {
        ApplyCommandUseCase firstLife = node();
        firstLife.apply(new CreateTopic(orders), EPOCH, 1).join();
        firstLife.apply(append(2), EPOCH, 10).join();
        firstLife.apply(append(1), EPOCH, 11).join();

        ApplyCommandUseCase restarted = node();
        restarted.apply(new CreateTopic(orders), EPOCH, 1).join();
        Appended replayed10 = restarted.apply(append(2), EPOCH, 10).join();
        Appended replayed11 = restarted.apply(append(1), EPOCH, 11).join();
        Appended fresh = restarted.apply(append(4), EPOCH, 12).join();

        assertThat(replayed10.firstOffset()).isEqualTo(CommandApplier.REPLAYED_FIRST_OFFSET);
        assertThat(replayed11.firstOffset()).isEqualTo(CommandApplier.REPLAYED_FIRST_OFFSET);
        assertThat(fresh.firstOffset()).isEqualTo(3);
        assertThat(baseOffsets()).containsExactly(0L, 2L, 3L);
        assertThat(store.open(partition).logEndOffset()).isEqualTo(7);
        assertThat(store.open(partition).appliedLogIndex()).isEqualTo(12);
    }

    @Test
    void shouldForceThePartitionLogsWhenAskedToMakeWhatWasAppliedDurable() {
        ApplyCommandUseCase node = node();
        node.apply(new CreateTopic(orders), EPOCH, 1).join();
        node.apply(append(2), EPOCH, 10).join();

        node.makeAppliedDurable().join();

        assertThat(store.syncs()).isEqualTo(1);
    }

    @Test
    void shouldFailToMakeWhatWasAppliedDurableWhileTheStoreCannotWrite() {
        ApplyCommandUseCase node = node();
        store.failAppends();

        assertThat(node.makeAppliedDurable()).failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(KafkaStorageException.class);
        assertThat(store.syncs()).isZero();
    }

    @Test
    void shouldAcceptAnIdempotentProducersNextBatchAfterItsReplayedOnesWereSkipped() {
        ApplyCommandUseCase firstLife = node();
        firstLife.apply(new CreateTopic(orders), EPOCH, 1).join();
        firstLife.apply(idempotentAppend(0), EPOCH, 20).join();

        ApplyCommandUseCase restarted = node();
        restarted.apply(new CreateTopic(orders), EPOCH, 1).join();
        restarted.apply(idempotentAppend(0), EPOCH, 20).join();
        Appended next = restarted.apply(idempotentAppend(2), EPOCH, 21).join();

        assertThat(next.firstOffset()).isEqualTo(2);
        assertThat(baseOffsets()).containsExactly(0L, 2L);
    }

    @Test
    void shouldMoveTheLogStartOffsetAgainWithoutHarmWhenItsCommandIsReplayed() {
        ApplyCommandUseCase firstLife = node();
        firstLife.apply(new CreateTopic(orders), EPOCH, 1).join();
        firstLife.apply(append(2), EPOCH, 30).join();
        firstLife.apply(append(2), EPOCH, 31).join();
        firstLife.apply(new AdvanceLogStartOffset(partition, 2), EPOCH, 32).join();

        ApplyCommandUseCase restarted = node();
        restarted.apply(new CreateTopic(orders), EPOCH, 1).join();
        restarted.apply(append(2), EPOCH, 30).join();
        restarted.apply(append(2), EPOCH, 31).join();
        boolean movedAgain = restarted.apply(new AdvanceLogStartOffset(partition, 2), EPOCH, 32).join();

        assertThat(movedAgain).isFalse();
        StoredLogState state = store.open(partition);
        assertThat(state.logStartOffset()).isEqualTo(2);
        assertThat(state.logEndOffset()).isEqualTo(4);
    }

    @Test
    void shouldFailAtOnceTheReplayedAppendsOfATopicWhoseDeletionWasReplayedFirst() {
        ApplyCommandUseCase firstLife = node();
        firstLife.apply(new CreateTopic(orders), EPOCH, 1).join();
        firstLife.apply(append(2), EPOCH, 40).join();
        firstLife.apply(new DeleteTopic(orders.id()), EPOCH, 2).join();

        ApplyCommandUseCase restarted = node();
        restarted.apply(new CreateTopic(orders), EPOCH, 1).join();
        restarted.apply(new DeleteTopic(orders.id()), EPOCH, 2).join();
        CompletableFuture<Appended> replayed = restarted.apply(append(2), EPOCH, 40);

        assertThat(replayed).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(store.open(partition)).isEqualTo(StoredLogState.empty());
    }

    @Test
    void shouldRemoveWhatAReplayedAppendStoredWhenTheTopicsDeletionIsReplayedAfterIt() {
        ApplyCommandUseCase firstLife = node();
        firstLife.apply(new CreateTopic(orders), EPOCH, 1).join();
        firstLife.apply(new DeleteTopic(orders.id()), EPOCH, 2).join();

        ApplyCommandUseCase restarted = node();
        CompletableFuture<Appended> parked = restarted.apply(append(2), EPOCH, 50);
        restarted.apply(new CreateTopic(orders), EPOCH, 1).join();
        restarted.apply(new DeleteTopic(orders.id()), EPOCH, 2).join();

        assertThat(parked).isCompleted();
        assertThat(store.open(partition)).isEqualTo(StoredLogState.empty());
    }

    @Test
    void shouldNeverSkipAnAppendThatHasNoLogIndex() {
        ApplyCommandUseCase firstLife = node();
        firstLife.apply(new CreateTopic(orders), 0).join();
        firstLife.apply(append(2), 0).join();

        ApplyCommandUseCase restarted = node();
        restarted.apply(new CreateTopic(orders), 0).join();
        Appended second = restarted.apply(append(2), 0).join();

        assertThat(second.firstOffset()).isEqualTo(2);
        assertThat(baseOffsets()).containsExactly(0L, 2L);
    }

    @Test
    void shouldNotWriteATransactionMarkerAgainWhenItsCommandIsReplayed() {
        ApplyCommandUseCase firstLife = node();
        firstLife.apply(new CreateTopic(orders), EPOCH, 1).join();
        firstLife.apply(transactionalAppend(), EPOCH, 30).join();
        long markerOffset = firstLife.apply(commitMarker(), EPOCH, 31).join();

        ApplyCommandUseCase restarted = node();
        restarted.apply(new CreateTopic(orders), EPOCH, 1).join();
        restarted.apply(transactionalAppend(), EPOCH, 30).join();
        long replayed = restarted.apply(commitMarker(), EPOCH, 31).join();

        assertThat(markerOffset).isEqualTo(2);
        assertThat(replayed).isEqualTo(CommandApplier.REPLAYED_FIRST_OFFSET);
        assertThat(baseOffsets()).containsExactly(0L, 2L);
        assertThat(store.open(partition).appliedLogIndex()).isEqualTo(31);
    }

    /** A node's applier over the surviving partition logs and fresh, empty metadata stores. */
    private ApplyCommandUseCase node() {
        PartitionRegistry partitions = new PartitionRegistry(store, new StaticClusterViewFake(1), new FetchPurgatory(),
                LogConfig.KAFKA_DEFAULTS);
        return new CommandApplier(new InMemoryTopicCatalogFake(), partitions, store,
                new InMemoryCommittedOffsetStoreFake(), new SequentialProducerIdBlockStoreFake(),
                new InMemoryTransactionStateStoreFake(), new InMemoryGroupConfigStoreFake(),
                new io.hexalog.application.fake.InMemoryConsumerGroupStateStoreFake());
    }

    /** An append of one batch of {@code records}. */
    private AppendBatches append(int records) {
        return new AppendBatches(partition, List.of(aBatch().withRecords(records).build()));
    }

    private AppendBatches idempotentAppend(int firstSequence) {
        return new AppendBatches(partition,
                List.of(aBatch().withRecords(2).withProducer(77L, (short) 0, firstSequence).build()));
    }

    private AppendBatches transactionalAppend() {
        return new AppendBatches(partition, List.of(records(2).producer(88L, 0, 0).transactional().build()));
    }

    private WriteTxnMarker commitMarker() {
        return new WriteTxnMarker(partition, 88L, (short) 0, 0, true, 1_700_000_000_000L);
    }

    private List<Long> baseOffsets() {
        LogSlice slice = store.read(partition, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE)).join();
        return slice.batches().stream().map(batch -> batch.baseOffset()).toList();
    }
}
