package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams.PartitionFetch;
import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchResult.PartitionData;
import io.hexalog.application.port.in.FetchResult.PartitionData.Failed;
import io.hexalog.application.port.in.FetchResult.PartitionData.Read;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FetchServiceTest {

    private static final Duration MAX_WAIT = Duration.ofMillis(500);
    private static final int LARGE = 1 << 20;
    /** Size of a batch of one record with a 100-byte value. */
    private static final int BATCH = records(1).valueSize(100).build().sizeInBytes();

    private final CoreOnFakes broker = new CoreOnFakes();
    private final Topic topic = broker.createTopic("orders", 2);
    private final TopicIdPartition p0 = topic.partition(0);
    private final TopicIdPartition p1 = topic.partition(1);

    @Test
    void shouldAnswerAtOnceWhenMinBytesAreAvailable() {
        broker.appendNow(p0, batch());

        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, 1, LARGE, from(p0, 0, LARGE)));

        assertThat(fetch).isDone();
        assertThat(read(fetch.join().partitions().get(0)).records().batches()).hasSize(1);
        assertThat(broker.scheduler.pendingTasks()).isZero();
    }

    @Test
    void shouldWaitForMinBytesAndCompleteWhenAnAppendArrives() {
        // given a consumer waiting at the end of an empty log
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, 1, LARGE, from(p0, 0, LARGE)));
        assertThat(fetch).isNotDone();
        assertThat(broker.purgatory.waitingOn(p0)).isEqualTo(1);

        // when a producer appends
        broker.appendNow(p0, batch());

        // then the fetch completes with the new batch, and stops waiting and timing
        assertThat(fetch).isDone();
        Read data = read(fetch.join().partitions().get(0));
        assertThat(read(data).records().batches()).extracting(RecordBatch::baseOffset).containsExactly(0L);
        assertThat(data.highWatermark()).isEqualTo(1);
        assertThat(broker.purgatory.waitingOn(p0)).isZero();
        assertThat(broker.scheduler.pendingTasks()).isZero();
    }

    @Test
    void shouldKeepWaitingUntilEnoughBytesHaveArrived() {
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(
                query(MAX_WAIT, 2 * BATCH, LARGE, from(p0, 0, LARGE)));

        broker.appendNow(p0, batch());
        assertThat(fetch).isNotDone();

        broker.appendNow(p0, batch());
        assertThat(fetch).isDone();
        assertThat(read(fetch.join().partitions().get(0)).records().batches()).hasSize(2);
    }

    @Test
    void shouldCountBytesAlreadyAvailableTowardsMinBytes() {
        broker.appendNow(p0, batch());

        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(
                query(MAX_WAIT, 2 * BATCH, LARGE, from(p0, 0, LARGE)));
        assertThat(fetch).isNotDone();

        broker.appendNow(p0, batch());
        assertThat(fetch).isDone();
    }

    @Test
    void shouldCompleteWithWhatThereIsWhenMaxWaitPasses() {
        // given a fetch waiting for more than there is
        broker.appendNow(p0, batch());
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, LARGE, LARGE, from(p0, 0, LARGE)));

        // when almost all the wait has passed, it still waits
        broker.scheduler.advance(MAX_WAIT.minusMillis(1));
        assertThat(fetch).isNotDone();

        // when the wait is over, it answers with what there is
        broker.scheduler.advance(Duration.ofMillis(1));
        assertThat(fetch).isDone();
        assertThat(read(fetch.join().partitions().get(0)).records().batches()).hasSize(1);
        assertThat(broker.purgatory.waitingOn(p0)).isZero();
    }

    @Test
    void shouldCompleteEmptyWhenNothingArrivesBeforeMaxWait() {
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, 1, LARGE, from(p0, 0, LARGE)));

        broker.scheduler.advance(MAX_WAIT);

        Read data = read(fetch.join().partitions().get(0));
        assertThat(data).isInstanceOf(Read.class);
        assertThat(read(data).records().isEmpty()).isTrue();
        assertThat(data.highWatermark()).isZero();
    }

    @Test
    void shouldCompleteOnlyOnceWhenAnAppendFollowsTheTimeout() {
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, 1, LARGE, from(p0, 0, LARGE)));
        broker.scheduler.advance(MAX_WAIT);

        broker.appendNow(p0, batch());

        assertThat(read(fetch.join().partitions().get(0)).records().isEmpty()).isTrue();
    }

    @Test
    void shouldAnswerAtOnceWithoutMaxWait() {
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(Duration.ZERO, 1, LARGE, from(p0, 0, LARGE)));

        assertThat(fetch).isDone();
        assertThat(broker.scheduler.pendingTasks()).isZero();
    }

    @Test
    void shouldWakeForAnAppendToAnyWatchedPartition() {
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(
                query(MAX_WAIT, 1, LARGE, from(p0, 0, LARGE), from(p1, 0, LARGE)));

        broker.appendNow(p1, batch());

        assertThat(fetch).isDone();
        assertThat(fetch.join().partitions()).extracting(data -> read(data).records().batches().size()).containsExactly(0, 1);
    }

    @Test
    void shouldNotWakeForAnAppendToAnotherPartition() {
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, 1, LARGE, from(p0, 0, LARGE)));

        broker.appendNow(p1, batch());

        assertThat(fetch).isNotDone();
    }

    @Test
    void shouldNotShowAnAppendStillBeingStored() {
        // given an append the store has not finished
        broker.store.holdAppends();
        broker.append(p0, batch());
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, 1, LARGE, from(p0, 0, LARGE)));

        // then a fetch at the log start sees nothing and waits
        assertThat(fetch).isNotDone();

        // until the batch is stored
        broker.store.releaseHeldAppends();
        assertThat(read(fetch.join().partitions().get(0)).records().batches()).hasSize(1);
    }

    @Test
    void shouldStopAtTheResponseByteLimit() {
        appendBatches(p0, 3);

        Read data = read(fetchNow(2 * BATCH + BATCH / 2, from(p0, 0, LARGE)).get(0));

        assertThat(read(data).records().batches()).extracting(RecordBatch::baseOffset).containsExactly(0L, 1L);
    }

    @Test
    void shouldStopAtThePartitionByteLimitAndGoOnWithTheNextPartition() {
        appendBatches(p0, 3);
        appendBatches(p1, 3);

        List<PartitionData> data = fetchNow(LARGE, from(p0, 0, BATCH), from(p1, 0, 2 * BATCH));

        assertThat(data).extracting(d -> read(d).records().batches().size()).containsExactly(1, 2);
    }

    @Test
    void shouldShareTheResponseLimitAcrossPartitionsInRequestOrder() {
        appendBatches(p0, 2);
        appendBatches(p1, 2);

        List<PartitionData> data = fetchNow(3 * BATCH, from(p1, 0, LARGE), from(p0, 0, LARGE));

        assertThat(data.get(0).partition()).isEqualTo(p1);
        assertThat(data).extracting(d -> read(d).records().batches().size()).containsExactly(2, 1);
    }

    @Test
    void shouldReturnTheFirstBatchEvenIfItExceedsTheLimits() {
        // KIP-74: a consumer must always make progress
        broker.appendNow(p0, records(1).valueSize(1000).build());
        broker.appendNow(p0, batch());
        appendBatches(p1, 1);

        List<PartitionData> data = fetchNow(100, from(p0, 0, 100), from(p1, 0, 100));

        assertThat(read(data.get(0)).records().batches()).extracting(RecordBatch::baseOffset).containsExactly(0L);
        assertThat(read(data.get(1)).records().isEmpty()).as("only the first batch of the response is exempt").isTrue();
    }

    @Test
    void shouldExemptTheFirstBatchOfTheFirstPartitionWithData() {
        broker.appendNow(p1, records(1).valueSize(1000).build());

        List<PartitionData> data = fetchNow(100, from(p0, 0, 100), from(p1, 0, 100));

        assertThat(read(data.get(0)).records().isEmpty()).isTrue();
        assertThat(read(data.get(1)).records().batches()).hasSize(1);
    }

    @Test
    void shouldReturnTheBatchHoldingTheFetchOffset() {
        // the consumer skips the leading records of a batch that starts before its offset
        broker.appendNow(p0, records(3).build());
        broker.appendNow(p0, records(2).build());

        Read data = read(fetchNow(LARGE, from(p0, 1, LARGE)).get(0));

        assertThat(read(data).records().batches()).extracting(RecordBatch::baseOffset).containsExactly(0L, 3L);
    }

    @Test
    void shouldReportAnOffsetOutOfRangeForThatPartitionOnly() {
        appendBatches(p0, 2);
        appendBatches(p1, 2);

        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(
                query(MAX_WAIT, LARGE, LARGE, from(p0, 3, LARGE), from(p1, 0, LARGE)));

        assertThat(fetch).as("an error is worth answering at once").isDone();
        List<PartitionData> data = fetch.join().partitions();
        assertThat(failure(data.get(0))).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(data.get(1)).isInstanceOf(Read.class);
        assertThat(read(data.get(1)).records().batches()).hasSize(2);
    }

    @Test
    void shouldRefuseAFetchOfANegativeOffsetOrSize() {
        assertThatThrownBy(() -> from(p0, -1, LARGE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> from(p0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> query(Duration.ZERO, -1, LARGE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAllowFetchingAtTheLogEnd() {
        appendBatches(p0, 2);

        Read data = read(fetchNow(LARGE, from(p0, 2, LARGE)).get(0));

        assertThat(data).isInstanceOf(Read.class);
        assertThat(read(data).records().isEmpty()).isTrue();
        assertThat(data.highWatermark()).isEqualTo(2);
        assertThat(data.lastStableOffset()).isEqualTo(2);
        assertThat(data.logStartOffset()).isZero();
    }

    @Test
    void shouldReportAnUnknownPartition() {
        TopicIdPartition unknown = Topic.create(TopicName.of("ghost"), 1).partition(0);
        appendBatches(p0, 1);

        List<PartitionData> data = fetchNow(LARGE, from(unknown, 0, LARGE), from(p0, 0, LARGE));

        assertThat(failure(data.get(0))).isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(read(data.get(1)).records().batches()).hasSize(1);
    }

    @Test
    void shouldReportAPartitionDeletedWhileTheFetchWaited() {
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, 1, LARGE, from(p0, 0, LARGE)));

        broker.topics.deleteTopic(topic.name()).join();
        broker.scheduler.advance(MAX_WAIT);

        assertThat(failure(fetch.join().partitions().get(0))).isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    // --- what the fetch read goes back to the store ---------------------------------------------------------

    @Test
    void shouldHandTheCallerWhatItReadUntilTheCallerReleasesIt() {
        broker.appendNow(p0, batch());

        FetchResult result = broker.fetch.fetch(query(Duration.ZERO, 0, LARGE, from(p0, 0, LARGE))).join();
        assertThat(broker.reads.unreleasedSlices()).isEqualTo(1);
        result.release();

        assertThat(broker.reads.unreleasedSlices()).isZero();
    }

    @Test
    void shouldReleaseTheFirstReadOfAFetchThatWaitsAndReadsAgain() {
        // given a fetch that finds one batch where it wants more
        broker.appendNow(p0, batch());
        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(MAX_WAIT, 10 * BATCH, LARGE, from(p0, 0, LARGE)));
        assertThat(fetch).isNotDone();

        // then what it read before waiting went back
        assertThat(broker.reads.slicesRead()).isEqualTo(1);
        assertThat(broker.reads.unreleasedSlices()).isZero();

        // and what it reads when it wakes is the caller's
        broker.scheduler.advance(MAX_WAIT);
        assertThat(read(fetch.join().partitions().get(0)).records().batches()).hasSize(1);
        assertThat(broker.reads.unreleasedSlices()).isEqualTo(1);
        fetch.join().release();
        assertThat(broker.reads.unreleasedSlices()).isZero();
    }

    @Test
    void shouldReleaseWhatOtherPartitionsReadWhenAReadFailsUnexpectedly() {
        broker.appendNow(p0, batch());
        broker.appendNow(p1, batch());
        broker.reads.failReadsOf(p1, new IllegalStateException("disk on fire"));

        CompletableFuture<FetchResult> fetch = broker.fetch.fetch(query(Duration.ZERO, 0, LARGE,
                from(p0, 0, LARGE), from(p1, 0, LARGE)));

        assertThat(fetch).isCompletedExceptionally();
        assertThat(broker.reads.slicesRead()).isEqualTo(1);
        assertThat(broker.reads.unreleasedSlices()).isZero();
    }

    @Test
    void shouldReleaseEveryReadOfAReadCommittedFetch() {
        broker.appendNow(p0, batch());

        FetchResult result = broker.fetch.fetch(new FetchParams(List.of(from(p0, 0, LARGE)), Duration.ZERO, 0, LARGE,
                IsolationLevel.READ_COMMITTED)).join();
        result.release();

        assertThat(broker.reads.slicesRead()).isEqualTo(1);
        assertThat(broker.reads.unreleasedSlices()).isZero();
    }

    private RecordBatch batch() {
        return records(1).valueSize(100).build();
    }

    private void appendBatches(TopicIdPartition partition, int count) {
        for (int i = 0; i < count; i++) {
            broker.appendNow(partition, batch());
        }
    }

    private static Read read(PartitionData data) {
        assertThat(data).isInstanceOf(Read.class);
        return (Read) data;
    }

    private static HexalogException failure(PartitionData data) {
        assertThat(data).isInstanceOf(Failed.class);
        return ((Failed) data).error();
    }

    private List<PartitionData> fetchNow(int maxBytes, PartitionFetch... partitions) {
        return broker.fetch.fetch(query(Duration.ZERO, 0, maxBytes, partitions)).join().partitions();
    }

    private static PartitionFetch from(TopicIdPartition partition, long offset, int maxBytes) {
        return new PartitionFetch(partition, offset, maxBytes);
    }

    private static FetchParams query(Duration maxWait, int minBytes, int maxBytes, PartitionFetch... partitions) {
        return new FetchParams(List.of(partitions), maxWait, minBytes, maxBytes, IsolationLevel.READ_UNCOMMITTED);
    }
}
