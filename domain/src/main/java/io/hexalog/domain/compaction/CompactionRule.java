package io.hexalog.domain.compaction;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.LastRecord;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which batches and records of the cleanable part of a log the cleaner keeps, as Kafka's cleaner decides:
 * <ul>
 *   <li>a record is kept if it is the latest of its key ({@link KeyOffsetMap}), or later than the map knows;</li>
 *   <li>a record at or after the {@link KeyOffsetMap#endOffset() end} of a map that filled up is kept as it is,
 *       tombstone or not: the map does not know whether a later record of its key exists (Kafka's
 *       {@code pastLatestOffset});</li>
 *   <li>a record without a key is dropped: a compacted log cannot say which record it replaces;</li>
 *   <li>a tombstone (a key without a value) is kept until the delete horizon of its batch has passed: the first
 *       cleaning that keeps it sets that horizon {@code delete.retention.ms} ahead;</li>
 *   <li>the records of aborted transactions are dropped, batch and all;</li>
 *   <li>a transaction marker (control batch) is kept while any data batch of its transaction is left in the log;
 *       the first cleaning that finds none gives it a delete horizon, and the first cleaning after that horizon
 *       removes it (Kafka's {@code CleanedTransactionMetadata} and KIP-534), so that a consumer reading from the
 *       start meanwhile still sees the end of the transaction;</li>
 *   <li>a batch left empty goes, unless it holds the {@link LastRecord} of a producer with state: its last data
 *       batch, which stays as an empty batch holding the producer's sequence, or, if it wrote no data in its current
 *       epoch, its last transaction marker of that epoch, which stays (emptied once its delete horizon has passed)
 *       holding the epoch (Kafka's {@code isBatchLastRecordOfProducer}).</li>
 * </ul>
 * A rule serves one cleaning: {@link #checkBatch} must see every batch of the cleaned part once, in offset order from
 * the log start, since a marker is judged by the data batches before it. Deterministic: every replica that cleans the
 * same batches with the same map and clock keeps the same records.
 */
public final class CompactionRule {

    private final KeyOffsetMap latestOffsets;
    private final List<AbortedTransaction> abortedTransactions;
    private final Map<Long, LastRecord> lastRecordsOfProducers;
    private final long nowMs;
    /** Producers with a transactional data batch seen since their last marker: their next marker must stay. */
    private final Set<Long> producersWithDataSinceMarker = new HashSet<>();

    /**
     * @param latestOffsets          the latest offset of every key in the dirty part
     * @param abortedTransactions    the aborted transactions overlapping the part cleaned
     * @param lastRecordsOfProducers what the log must go on holding of each producer with state, by producer ID
     * @param nowMs                  the broker's clock, against which delete horizons are judged
     */
    public CompactionRule(KeyOffsetMap latestOffsets, List<AbortedTransaction> abortedTransactions,
                          Map<Long, LastRecord> lastRecordsOfProducers, long nowMs) {
        this.latestOffsets = latestOffsets;
        this.abortedTransactions = List.copyOf(abortedTransactions);
        this.lastRecordsOfProducers = Map.copyOf(lastRecordsOfProducers);
        this.nowMs = nowMs;
    }

    /**
     * What happens to the next batch of the cleaning as a whole; call once per batch, in offset order.
     */
    public BatchDecision checkBatch(RecordBatch batch) {
        boolean discardable = batch.isControlBatch() ? markerWithoutData(batch) : dataDiscardable(batch);
        boolean dropRecords = batch.isControlBatch()
                ? discardable && batch.deleteHorizonMs().isPresent() && batch.deleteHorizonMs().getAsLong() <= nowMs
                : discardable;
        BatchRetention retention;
        if (isLastBatchOfItsProducer(batch)) {
            retention = BatchRetention.RETAIN_EMPTY;
        } else if (dropRecords) {
            retention = BatchRetention.DELETE;
        } else {
            retention = BatchRetention.DELETE_EMPTY;
        }
        return new BatchDecision(retention, dropRecords, discardable && batch.isControlBatch());
    }

    /**
     * Whether a record of a batch that {@link #checkBatch} did not drop whole stays.
     *
     * @param key             the record's key; null if it has none
     * @param hasValue        false for a tombstone
     * @param deleteHorizonMs the batch's delete horizon, if a cleaning set one
     */
    public boolean retainRecord(RecordBatch batch, long offset, ByteBuffer key, boolean hasValue,
                                OptionalLong deleteHorizonMs) {
        if (batch.isControlBatch()) {
            return true;
        }
        if (isAborted(batch)) {
            return false;
        }
        if (offset >= latestOffsets.endOffset()) {
            return true;
        }
        if (key == null) {
            return false;
        }
        if (offset < latestOffsets.latestOffset(key)) {
            return false;
        }
        return hasValue || deleteHorizonMs.isEmpty() || deleteHorizonMs.getAsLong() > nowMs;
    }

    /** Whether a transactional data batch belongs to a transaction that was aborted. */
    public boolean isAborted(RecordBatch batch) {
        if (!batch.isTransactional() || batch.isControlBatch()) {
            return false;
        }
        for (AbortedTransaction aborted : abortedTransactions) {
            if (aborted.producerId() == batch.producerId() && aborted.firstOffset() <= batch.baseOffset()
                    && batch.lastOffset() <= aborted.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    private boolean dataDiscardable(RecordBatch batch) {
        if (batch.isTransactional()) {
            producersWithDataSinceMarker.add(batch.producerId());
        }
        return isAborted(batch);
    }

    /** Whether no data batch of the marker's transaction was seen; an emptied marker was judged so before. */
    private boolean markerWithoutData(RecordBatch marker) {
        boolean dataSeen = producersWithDataSinceMarker.remove(marker.producerId());
        return marker.recordCount() == 0 || !dataSeen;
    }

    private boolean isLastBatchOfItsProducer(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return false;
        }
        LastRecord last = lastRecordsOfProducers.get(batch.producerId());
        return last != null && last.isHeldBy(batch);
    }
}
