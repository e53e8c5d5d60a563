package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchParams.PartitionFetch;
import io.hexalog.application.port.in.FetchResult;
import io.hexalog.application.port.in.FetchResult.PartitionData.Read;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hexalog.application.service.SampleBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a read-committed fetch returns at the edges Kafka defines ({@code UnifiedLog.collectAbortedTransactions}):
 * every aborted transaction whose offsets meet {@code [fetch offset, next offset of the last batch returned)}, its
 * marker included, whatever cut the response short; never data at or past the last stable offset taken for the
 * read, even when a marker is written while the store reads.
 */
class ReadCommittedBoundariesTest {

    private static final long PRODUCER = 4000L;
    private static final int LARGE = 1 << 20;
    /** A partition limit below any batch: the fetch returns its first batch alone (KIP-74). */
    private static final int ONE_BATCH = 1;

    private final CoreOnFakes broker = new CoreOnFakes();
    private final TopicIdPartition partition = broker.createTopic("orders", 1).partition(0);

    @Test
    void shouldReportAnAbortedTransactionToEveryFetchCutInsideItAndNotToTheFetchEndingJustBeforeIt() {
        // given: a plain batch at 0, an aborted transaction of three batches at 1..3 with its marker at 4, plain at 5
        broker.appendNow(partition, records(1).build());
        for (int sequence = 0; sequence < 3; sequence++) {
            broker.appendNow(partition, transactional(0, sequence));
        }
        assertThat(marker(0, false)).isEqualTo(4L);
        broker.appendNow(partition, records(1).build());
        AbortedTransaction aborted = new AbortedTransaction(PRODUCER, 1, 4);

        // when each fetch returns one batch, as a fetch cut by its byte limits does
        for (long offset = 0; offset <= 5; offset++) {
            Read read = fetch(offset, ONE_BATCH);

            // then
            assertThat(baseOffsets(read)).as("fetch from %d", offset).containsExactly(offset);
            if (offset >= 1 && offset <= 4) {
                assertThat(read.abortedTransactions()).as("fetch from %d", offset).containsExactly(aborted);
            } else {
                assertThat(read.abortedTransactions()).as("fetch from %d", offset).isEmpty();
            }
        }
        assertThat(fetch(0, LARGE).abortedTransactions()).containsExactly(aborted);
    }

    @Test
    void shouldReportEveryAbortedTransactionOfAProducerInMarkerOrderAcrossACommittedOne() {
        broker.appendNow(partition, transactional(0, 0));
        marker(1, false);
        broker.appendNow(partition, transactional(1, 0));
        marker(2, true);
        broker.appendNow(partition, transactional(2, 0));
        marker(3, false);

        Read read = fetch(0, LARGE);

        assertThat(baseOffsets(read)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(read.abortedTransactions()).containsExactly(new AbortedTransaction(PRODUCER, 0, 1),
                new AbortedTransaction(PRODUCER, 4, 5));
    }

    @Test
    void shouldNeverReturnTheOngoingTransactionsBatchesToAReadCommittedFetch() {
        broker.appendNow(partition, transactional(0, 0));
        marker(1, false);
        broker.appendNow(partition, records(1).build());
        broker.appendNow(partition, transactional(1, 0));
        broker.appendNow(partition, records(1).build());

        Read read = fetch(0, LARGE);

        assertThat(read.lastStableOffset()).isEqualTo(3);
        assertThat(read.highWatermark()).isEqualTo(5);
        assertThat(baseOffsets(read)).containsExactly(0L, 1L, 2L);
        assertThat(read.abortedTransactions()).containsExactly(new AbortedTransaction(PRODUCER, 0, 1));
    }

    @Test
    void shouldKeepToTheLastStableOffsetOfTheReadWhenAnAbortMarkerIsWrittenWhileTheStoreReads() {
        // given a plain batch, then a transaction still open, and a read-committed fetch whose store read is slow
        broker.appendNow(partition, records(1).build());
        broker.appendNow(partition, transactional(0, 0));
        broker.reads.holdReads();
        CompletableFuture<FetchResult> slow = broker.fetch.fetch(query(0, LARGE));
        assertThat(broker.reads.heldReads()).isEqualTo(1);

        // when the transaction is aborted before the read ends
        assertThat(marker(1, false)).isEqualTo(2L);
        broker.reads.releaseHeldReads();

        // then the read stops at the last stable offset it began with, and reports no transaction it did not read;
        // the next fetch reads the aborted transaction with its entry
        Read read = read(slow.join());
        assertThat(read.lastStableOffset()).isEqualTo(1);
        assertThat(baseOffsets(read)).containsExactly(0L);
        assertThat(read.abortedTransactions()).isEmpty();
        Read next = fetch(1, LARGE);
        assertThat(baseOffsets(next)).containsExactly(1L, 2L);
        assertThat(next.abortedTransactions()).containsExactly(new AbortedTransaction(PRODUCER, 1, 2));
    }

    private long marker(int epoch, boolean commit) {
        return broker.log.submit(new WriteTxnMarker(partition, PRODUCER, (short) epoch, 0, commit,
                broker.clock.millis())).join();
    }

    private static RecordBatch transactional(int epoch, int sequence) {
        return records(1).producer(PRODUCER, epoch, sequence).transactional().build();
    }

    private Read fetch(long offset, int partitionMaxBytes) {
        return read(broker.fetch.fetch(query(offset, partitionMaxBytes)).join());
    }

    private FetchParams query(long offset, int partitionMaxBytes) {
        return new FetchParams(List.of(new PartitionFetch(partition, offset, partitionMaxBytes)), Duration.ZERO, 1,
                LARGE, IsolationLevel.READ_COMMITTED);
    }

    private static Read read(FetchResult result) {
        return (Read) result.partitions().get(0);
    }

    private static List<Long> baseOffsets(Read read) {
        return read.records().batches().stream().map(RecordBatch::baseOffset).toList();
    }
}
