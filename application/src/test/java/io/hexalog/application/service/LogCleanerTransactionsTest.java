package io.hexalog.application.service;

import io.hexalog.application.port.in.FetchParams;
import io.hexalog.application.port.in.FetchResult.PartitionData.Read;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.testdata.KeyedBatch;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.TimestampType;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.topic.TopicIdPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log compaction of transactional data, as Kafka's cleaner does it: the records of aborted transactions go, a marker
 * stays while data of its transaction is in the log, then {@code delete.retention.ms} more, and the last batch of a
 * producer stays.
 */
class LogCleanerTransactionsTest {

    private static final long PRODUCER = 4000L;
    private static final Duration DELETE_RETENTION = Duration.ofMinutes(1);
    /** Segments close at every batch; every dirty byte makes the log worth cleaning. */
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "segment.ms", "1",
            "delete.retention.ms", Long.toString(DELETE_RETENTION.toMillis()), "min.cleanable.dirty.ratio", "0");

    private final CoreOnFakes broker = new CoreOnFakes(new BrokerConfig(1, true, 1 << 20, -1, -1,
            TimestampType.CREATE_TIME, Duration.ofMinutes(5), Set.of(), GroupCoordinatorConfig.kafkaDefaults(), 100)
            .withCleaner(LogCleanerConfig.kafkaDefaults()), 1);
    private TopicIdPartition partition;

    /**
     * [0] a=1 committed at [1]; [2,4) a=x b=x aborted at [4]; [5] a=2 committed at [6]; [7] c=1, the active segment.
     */
    @BeforeEach
    void givenCommittedAndAbortedTransactions() {
        partition = broker.createTopic("table", 1, COMPACTED).partition(0);
        broker.appendNow(partition, KeyedBatch.at(0).record("a", "1").producer(PRODUCER, 0, 0).transactional().build());
        marker(1, true);
        broker.appendNow(partition, KeyedBatch.at(2).record("a", "x").record("b", "x").producer(PRODUCER, 0, 1)
                .transactional().build());
        marker(4, false);
        broker.appendNow(partition, KeyedBatch.at(5).record("a", "2").producer(PRODUCER, 0, 3).transactional().build());
        marker(6, true);
        broker.appendNow(partition, KeyedBatch.at(7).record("c", "1").build());
    }

    @Test
    void shouldRemoveTheRecordsOfAbortedTransactionsAndKeepTheMarkersOfTransactionsWhoseDataWasInTheLog() {
        assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);

        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseOffset)
                .containsExactly(1L, 4L, 5L, 6L, 7L);
        assertThat(records(partition)).containsExactly("5:a=2", "7:c=1");
        assertThat(readCommitted().abortedTransactions()).containsExactly(new AbortedTransaction(PRODUCER, 2, 4));
    }

    @Test
    void shouldGiveMarkersWithoutDataADeleteHorizonAndRemoveThemOnceItHasPassed() {
        broker.cleaner.checkNow().join();
        rollTheActiveSegment(8);
        assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);

        assertThat(KeyedBatch.deleteHorizonOf(stored(1))).hasValue(broker.clock.millis() + DELETE_RETENTION.toMillis());
        assertThat(KeyedBatch.deleteHorizonOf(stored(4))).hasValue(broker.clock.millis() + DELETE_RETENTION.toMillis());
        assertThat(KeyedBatch.deleteHorizonOf(stored(6))).isEmpty();

        broker.clock.advance(DELETE_RETENTION);
        rollTheActiveSegment(10);
        assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);

        // the marker at 6 stays with the data it committed, the producer's last batch
        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseOffset)
                .containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(readCommitted().abortedTransactions()).isEmpty();
        assertThat(broker.store.open(partition).abortedTransactions()).isEmpty();
    }

    @Test
    void shouldKeepTheLastBatchOfAProducerEmptiedByCleaning() {
        broker.appendNow(partition, KeyedBatch.at(8).record("a", "3").build());
        rollTheActiveSegment(9);

        broker.cleaner.checkNow().join();

        RecordBatch last = stored(5);
        assertThat(last.recordCount()).isZero();
        assertThat(last.producerId()).isEqualTo(PRODUCER);
        assertThat(last.lastSequence()).isEqualTo(3);
    }

    @ParameterizedTest(name = "commit: {0}")
    @ValueSource(booleans = {true, false})
    void shouldKeepTheMarkerThatBumpedAProducersEpochAsItsLastRecordOnceEmptied(boolean commit) {
        // a producer's transaction of epoch 0 ends with a marker of epoch 1 (KIP-890): it wrote no data in epoch 1
        long bumped = 5000L;
        broker.appendNow(partition, KeyedBatch.at(8).record("k", "1").producer(bumped, 0, 0).transactional().build());
        marker(bumped, 1, 9, commit);
        broker.appendNow(partition, KeyedBatch.at(10).record("k", "2").build());
        rollTheActiveSegment(11);
        broker.cleaner.checkNow().join();
        rollTheActiveSegment(13);
        broker.cleaner.checkNow().join();
        assertThat(KeyedBatch.deleteHorizonOf(stored(9))).as("no data of its transaction is left").isPresent();

        broker.clock.advance(DELETE_RETENTION);
        rollTheActiveSegment(15);
        assertThat(broker.cleaner.checkNow().join()).isEqualTo(1);

        // as Kafka's cleaner keeps it: the marker is the only record of the epoch that fences the producer's past
        RecordBatch marker = stored(9);
        assertThat(marker.isControlBatch()).isTrue();
        assertThat(marker.recordCount()).isZero();
        assertThat(marker.producerId()).isEqualTo(bumped);
        assertThat(marker.producerEpoch()).isEqualTo((short) 1);
        assertThat(broker.store.stored(partition)).extracting(RecordBatch::baseOffset).doesNotContain(8L);
        // an emptied abort marker ends no transaction: a read-committed consumer told of its transaction would drop
        // the producer's later ones, so the transaction goes with the marker's records, as from Kafka's index
        assertThat(readCommitted().abortedTransactions()).extracting(AbortedTransaction::producerId)
                .doesNotContain(bumped);
        assertThat(broker.store.open(partition).abortedTransactions()).extracting(AbortedTransaction::producerId)
                .doesNotContain(bumped);
    }

    private void marker(long offset, boolean commit) {
        marker(PRODUCER, 0, offset, commit);
    }

    private void marker(long producerId, int producerEpoch, long offset, boolean commit) {
        // the marker's timestamp follows the records' (one millisecond an offset), so that segments close at it
        broker.clock.advance(Duration.ofMillis(KeyedBatch.BASE_TIMESTAMP + offset - broker.clock.millis()));
        broker.log.submit(new WriteTxnMarker(partition, producerId, (short) producerEpoch, 0, commit,
                broker.clock.millis())).join();
    }

    /**
     * Appends two batches of new keys at {@code offset}: the second is more than {@code segment.ms} after the batch
     * the active segment starts with, so the segment closes and everything before the second becomes cleanable.
     */
    private void rollTheActiveSegment(long offset) {
        broker.appendNow(partition, KeyedBatch.at(offset).record("z" + offset, "1").build());
        broker.appendNow(partition, KeyedBatch.at(offset + 1).record("z" + (offset + 1), "1").build());
    }

    private RecordBatch stored(long baseOffset) {
        return broker.store.stored(partition).stream().filter(batch -> batch.baseOffset() == baseOffset).findFirst()
                .orElseThrow();
    }

    private List<String> records(TopicIdPartition partition) {
        return broker.store.stored(partition).stream().filter(batch -> !batch.isControlBatch())
                .flatMap(batch -> KeyedBatch.recordsOf(batch).stream())
                .map(record -> record.offset() + ":" + record.key() + "=" + record.value()).toList();
    }

    private Read readCommitted() {
        return (Read) broker.fetch.fetch(new FetchParams(List.of(new FetchParams.PartitionFetch(partition, 0, 1 << 20)),
                Duration.ZERO, 1, 1 << 20, IsolationLevel.READ_COMMITTED)).join().partitions().get(0);
    }
}
