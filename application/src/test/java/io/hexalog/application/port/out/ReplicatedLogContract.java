package io.hexalog.application.port.out;

import io.hexalog.application.fake.MiniatureApplierFake;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.hexalog.application.testdata.RecordBatchBuilder.aBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ReplicatedLog} promises, seen from the broker that submits: an adapter's test extends this
 * class and supplies a started log of a cluster in which this broker leads every partition once it is ready
 * (a single broker; a cluster of one). The log applies commands through a {@link MiniatureApplierFake}, which
 * behaves as the application does, in miniature, and remembers what it applied.
 */
public abstract class ReplicatedLogContract {

    private static final long WAIT_SECONDS = 30;
    private static final int BLOCK_SIZE = 1000;

    private final MiniatureApplierFake applier = new MiniatureApplierFake(BLOCK_SIZE);
    private ReplicatedLog log;

    /**
     * The adapter under test, made with the applier it must apply every command through, not started yet.
     * Called once before each test.
     */
    protected abstract ReplicatedLog createLog(ApplyCommandUseCase applier);

    @BeforeEach
    void startLogUnderTest() {
        log = createLog(applier);
        log.start();
    }

    @AfterEach
    void stopLogUnderTest() {
        log.stop();
    }

    @Test
    void shouldCompleteASubmissionWithTheOutcomeOfApplyingIt() throws Exception {
        Topic orders = Topic.create(TopicName.of("orders"), 3);

        Topic created = submit(new CreateTopic(orders));

        assertThat(created).isEqualTo(orders);
        assertThat(applier.applied()).containsExactly(new CreateTopic(orders));
    }

    @Test
    void shouldFailASubmissionWithTheDomainErrorApplyingItRaised() throws Exception {
        submit(new CreateTopic(Topic.create(TopicName.of("orders"), 1)));

        CompletableFuture<Topic> taken = log.submit(new CreateTopic(Topic.create(TopicName.of("orders"), 2)));

        assertThatThrownBy(() -> taken.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TopicAlreadyExistsException.class).hasMessageContaining("orders");
    }

    @Test
    void shouldApplyMetadataCommandsOnceEachInTheOrderTheyWereSubmitted() throws Exception {
        List<Long> blocks = new ArrayList<>();
        for (int claim = 0; claim < 20; claim++) {
            blocks.add(submit(new ClaimProducerIds(BLOCK_SIZE)));
        }

        assertThat(blocks).isEqualTo(IntStream.range(0, 20).mapToObj(claim -> (long) claim * BLOCK_SIZE).toList());
        assertThat(applier.applied()).hasSize(20);
    }

    @Test
    void shouldApplyEveryCommandExactlyOnceWhenManyThreadsSubmitAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> claims = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                claims.add(threads.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int claim = 0; claim < 25; claim++) {
                        mine.add(submit(new ClaimProducerIds(BLOCK_SIZE)));
                    }
                    return mine;
                }));
            }
            List<Long> blocks = new ArrayList<>();
            for (Future<List<Long>> claim : claims) {
                blocks.addAll(claim.get(WAIT_SECONDS * 2, TimeUnit.SECONDS));
            }

            assertThat(blocks).hasSize(100).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 100).mapToObj(claim -> (long) claim * BLOCK_SIZE).toList());
            assertThat(applier.applied()).hasSize(100);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldApplyAPartitionsAppendsInOrderWithTheirBytesIntact() throws Exception {
        TopicIdPartition partition = createdPartition();
        List<RecordBatch> sent = new ArrayList<>();
        List<Long> firstOffsets = new ArrayList<>();
        for (int append = 0; append < 10; append++) {
            RecordBatch batch = aBatch().withRecords(append + 1).withValueSize(32 + append).build();
            sent.add(batch);
            firstOffsets.add(submitWhenLeading(new AppendBatches(partition, List.of(batch))).firstOffset());
        }

        assertThat(firstOffsets).containsExactly(0L, 1L, 3L, 6L, 10L, 15L, 21L, 28L, 36L, 45L);
        List<RecordBatch> applied = applier.applied().stream()
                .filter(AppendBatches.class::isInstance)
                .map(command -> ((AppendBatches) command).batches().get(0))
                .toList();
        assertThat(applied).hasSize(sent.size());
        for (int append = 0; append < sent.size(); append++) {
            assertThat(applied.get(append).bytes()).as("bytes of append %d", append)
                    .isEqualTo(sent.get(append).bytes());
        }
    }

    @Test
    void shouldApplyInLeaderEpochsThatAreNeverNegativeAndNeverGoBack() throws Exception {
        TopicIdPartition partition = createdPartition();
        for (int append = 0; append < 5; append++) {
            submitWhenLeading(new AppendBatches(partition, List.of(aBatch().build())));
            submit(new ClaimProducerIds(BLOCK_SIZE));
        }

        List<Integer> epochs = applier.epochs().subList(1, applier.epochs().size());
        assertThat(epochs).hasSize(10).allSatisfy(epoch -> assertThat(epoch).isNotNegative());
        assertThat(epochs).isSorted();
    }

    @Test
    void shouldWriteATransactionMarkerAmongThePartitionsAppendsAndYieldItsOffset() throws Exception {
        TopicIdPartition partition = createdPartition();
        submitWhenLeading(new AppendBatches(partition, List.of(aBatch().withRecords(3).build())));

        long markerOffset = submit(new WriteTxnMarker(partition, 42L, (short) 0, 0, true, 1234L));
        long next = submitWhenLeading(new AppendBatches(partition, List.of(aBatch().build()))).firstOffset();

        assertThat(markerOffset).isEqualTo(3);
        assertThat(next).isEqualTo(4);
        assertThat(applier.applied()).filteredOn(WriteTxnMarker.class::isInstance)
                .containsExactly(new WriteTxnMarker(partition, 42L, (short) 0, 0, true, 1234L));
    }

    @Test
    void shouldAnswerAnAppendAcknowledgedByTheLeaderWithTheOffsetApplyingItGave() throws Exception {
        TopicIdPartition partition = createdPartition();
        submitWhenLeading(new AppendBatches(partition, List.of(aBatch().withRecords(2).build())));
        List<CompletableFuture<ReplicatedCommand.Appended>> answers = new ArrayList<>();
        for (int append = 0; append < 10; append++) {
            answers.add(log.submitLeaderAcknowledged(
                    new AppendBatches(partition, List.of(aBatch().withRecords(append + 1).build()))));
        }
        long markerOffset = submit(new WriteTxnMarker(partition, 42L, (short) 0, 0, true, 1234L));
        long afterMarker = log.submitLeaderAcknowledged(new AppendBatches(partition, List.of(aBatch().build())))
                .get(WAIT_SECONDS, TimeUnit.SECONDS).firstOffset();

        List<Long> firstOffsets = new ArrayList<>();
        for (CompletableFuture<ReplicatedCommand.Appended> answer : answers) {
            firstOffsets.add(answer.get(WAIT_SECONDS, TimeUnit.SECONDS).firstOffset());
        }
        assertThat(firstOffsets).containsExactly(2L, 3L, 5L, 8L, 12L, 17L, 23L, 30L, 38L, 47L);
        assertThat(markerOffset).isEqualTo(57);
        assertThat(afterMarker).isEqualTo(58);
        // the last append was answered once placed, so it may be applied a moment after its answer
        assertThat(appendsAppliedWithin(12)).isEqualTo(12);
    }

    /** How many appends the applier has applied once it applied {@code expected}, or after waiting for them. */
    private long appendsAppliedWithin(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        long applied;
        while ((applied = applier.applied().stream().filter(AppendBatches.class::isInstance).count()) < expected
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return applied;
    }

    /**
     * The first partition of a topic whose creation the log has applied: a partition's commands are submitted only
     * for a topic the broker knows, and a cluster learns where the partition travels from the topic's creation.
     */
    private TopicIdPartition createdPartition() throws Exception {
        return submit(new CreateTopic(Topic.create(TopicName.of("orders"), 1))).partition(0);
    }

    private <R> R submit(ReplicatedCommand<R> command) throws Exception {
        return log.submit(command).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Submits a partition command as a client would: a broker that does not lead the partition yet (a cluster
     * still electing) answers NOT_LEADER_OR_FOLLOWER, and the command is tried again until it leads.
     */
    private <R> R submitWhenLeading(ReplicatedCommand<R> command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            try {
                return submit(command);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof NotLeaderOrFollowerException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
