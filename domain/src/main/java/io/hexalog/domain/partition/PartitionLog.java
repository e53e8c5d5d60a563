package io.hexalog.domain.partition;

import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.error.OffsetOutOfRangeException;
import io.hexalog.domain.log.ControlRecordType;
import io.hexalog.domain.log.EndTransactionMarker;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.producer.ActiveProducer;
import io.hexalog.domain.producer.BatchMetadata;
import io.hexalog.domain.producer.LastRecord;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.producer.ProducerStateTable;
import io.hexalog.domain.producer.SequencePolicy;
import io.hexalog.domain.producer.TransactionPolicy;
import io.hexalog.domain.transaction.TransactionVersion;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The offset bookkeeping of one partition's log, as Kafka defines it:
 * <ul>
 *   <li>the <em>log start offset</em> is the first offset still in the log;</li>
 *   <li>the <em>log end offset</em> is the offset the next record will receive; offsets are assigned
 *       contiguously from it;</li>
 *   <li>the <em>high watermark</em> is the end of what is committed (here: safely stored) and thus visible
 *       to consumers; {@code logStartOffset <= highWatermark <= logEndOffset}.</li>
 *   <li>the <em>last stable offset</em> is where read-committed consumers stop: the first offset of the oldest
 *       ongoing transaction, or the high watermark when none is ongoing (never above it).</li>
 * </ul>
 * It also owns the partition's producer state (idempotence and transactions, KIP-98) and its index of aborted
 * transactions. Deterministic and not thread-safe: the caller
 * serialises access and persists what {@link #decideAppend} decides before it {@link #apply applies} it.
 */
public final class PartitionLog {

    private final ProducerStateTable producers;
    /** The ongoing transactions, producer ID by first offset: the first one bounds the last stable offset. */
    private final TreeMap<Long, Long> ongoingTransactions = new TreeMap<>();
    private final AbortedTransactionIndex abortedTransactions;
    /** Where each leader epoch began writing, by epoch (Kafka's leader-epoch cache); the last is the current. */
    private final TreeMap<Integer, Long> epochStarts = new TreeMap<>();
    private int leaderEpoch;
    private long logStartOffset;
    private long logEndOffset;
    private long highWatermark;

    private PartitionLog(long logStartOffset, long logEndOffset, int leaderEpoch,
                         Collection<ProducerStateEntry> producers, Collection<AbortedTransaction> aborted) {
        if (logStartOffset < 0 || logEndOffset < logStartOffset) {
            throw new IllegalArgumentException(
                    "Invalid log range: start " + logStartOffset + ", end " + logEndOffset);
        }
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
        this.highWatermark = logEndOffset;
        this.leaderEpoch = leaderEpoch;
        this.epochStarts.put(leaderEpoch, logStartOffset);
        this.producers = new ProducerStateTable(producers);
        producers.forEach(entry -> entry.ongoingTransactionFirstOffset()
                .ifPresent(first -> ongoingTransactions.put(first, entry.producerId())));
        this.abortedTransactions = new AbortedTransactionIndex(aborted);
    }

    /** A new, empty log. */
    public static PartitionLog empty(int leaderEpoch) {
        return new PartitionLog(0, 0, leaderEpoch, List.of(), List.of());
    }

    /** A log recovered from storage, without aborted transactions: everything stored is committed. */
    public static PartitionLog recovered(long logStartOffset, long logEndOffset, int leaderEpoch,
                                         Collection<ProducerStateEntry> producers) {
        return recovered(logStartOffset, logEndOffset, leaderEpoch, producers, List.of());
    }

    /**
     * A log recovered from storage: everything stored is committed; the producers' ongoing transactions and the
     * aborted ones are as stored.
     */
    public static PartitionLog recovered(long logStartOffset, long logEndOffset, int leaderEpoch,
                                         Collection<ProducerStateEntry> producers,
                                         Collection<AbortedTransaction> aborted) {
        return new PartitionLog(logStartOffset, logEndOffset, leaderEpoch, producers, aborted);
    }

    /**
     * Decides an append and applies it at once: {@link #decideAppend} then {@link #apply}. For a caller whose
     * storage cannot refuse the append.
     *
     * @see #decideAppend
     */
    public LogAppend append(List<RecordBatch> batches) {
        LogAppend append = decideAppend(batches);
        if (!append.isDuplicate()) {
            apply(append);
        }
        return append;
    }

    /**
     * Decides an append without changing the log: applies the idempotent-producer rules to each batch and
     * assigns contiguous offsets starting at the log end offset (rewriting each batch's base offset and
     * leader epoch in place). The log end offset and the producer states move only when the decision is
     * {@link #apply applied}, so an append that storage refuses leaves no trace: a producer's retry is
     * judged as if the refused batch had never come (Kafka's {@code UnifiedLog} also updates producer state
     * only once the segment has taken the batch). The high watermark moves only when the caller reports the
     * batches stored, through {@link #commit(long)}.
     *
     * @param batches validated batches from one produce request for this partition
     * @return the offsets assigned and what to persist; a duplicate of a recent batch returns its original
     *         offsets and nothing to persist
     * @throws io.hexalog.domain.error.InvalidRecordException for batches no client may produce
     * @throws io.hexalog.domain.error.HexalogException       the error of a batch {@link SequencePolicy} or
     *                                                        {@link TransactionPolicy} rejects
     */
    public LogAppend decideAppend(List<RecordBatch> batches) {
        if (batches.isEmpty()) {
            throw new InvalidRecordException("Produce request carries no record batch");
        }
        for (RecordBatch batch : batches) {
            if (batch.isControlBatch()) {
                throw new InvalidRecordException("Clients may not produce control batches");
            }
            if (batch.isTransactional() && !batch.hasProducerId()) {
                throw new InvalidRecordException("A transactional batch needs a producer id");
            }
            if (batch.hasProducerId() && batch.baseSequence() < 0) {
                throw new InvalidRecordException("Batch of producer " + batch.producerId()
                        + " has an invalid base sequence " + batch.baseSequence());
            }
            if (batch.hasProducerId() && batches.size() > 1) {
                throw new InvalidRecordException("An idempotent produce request carries one batch per partition, not "
                        + batches.size());
            }
        }
        if (batches.get(0).hasProducerId()) {
            RecordBatch batch = batches.get(0);
            SequencePolicy.Verdict verdict = SequencePolicy.check(producers.get(batch.producerId()), batch);
            if (verdict instanceof SequencePolicy.Verdict.Rejected rejected) {
                throw rejected.error();
            }
            if (verdict instanceof SequencePolicy.Verdict.Duplicate duplicate) {
                return LogAppend.duplicateOf(duplicate.original().firstOffset(), duplicate.original().lastOffset());
            }
            if (TransactionPolicy.checkData(producers.get(batch.producerId()), batch)
                    instanceof Decision.Rejected rejected) {
                throw rejected.error();
            }
        }
        long nextOffset = logEndOffset;
        List<ProducerStateEntry> changedProducers = new ArrayList<>(1);
        for (RecordBatch batch : batches) {
            batch.assignBaseOffset(nextOffset);
            batch.assignPartitionLeaderEpoch(leaderEpoch);
            nextOffset = batch.nextOffset();
            if (batch.hasProducerId()) {
                changedProducers.add(producerStateAfter(batch));
            }
        }
        return new LogAppend(logEndOffset, nextOffset - 1, batches, changedProducers);
    }

    /**
     * Applies a decided append, once storage has taken it: the log end offset moves past its batches and
     * the producers' states become the ones it carries.
     *
     * @throws IllegalStateException if it is a duplicate (nothing to apply) or was not decided at the
     *                               current log end offset (another append was applied in between)
     */
    public void apply(LogAppend append) {
        if (append.isDuplicate() || append.firstOffset() != logEndOffset) {
            throw new IllegalStateException("Cannot apply an append of offsets " + append.firstOffset() + ".."
                    + append.lastOffset() + " to a log ending at " + logEndOffset);
        }
        logEndOffset = append.nextOffset();
        append.producerStates().forEach(this::putProducer);
        append.abortedTransactions().forEach(abortedTransactions::add);
    }

    private void putProducer(ProducerStateEntry entry) {
        producers.get(entry.producerId()).flatMap(known -> boxed(known.ongoingTransactionFirstOffset()))
                .ifPresent(ongoingTransactions::remove);
        entry.ongoingTransactionFirstOffset().ifPresent(first -> ongoingTransactions.put(first, entry.producerId()));
        producers.put(entry);
    }

    private static Optional<Long> boxed(OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    private ProducerStateEntry producerStateAfter(RecordBatch batch) {
        BatchMetadata metadata = new BatchMetadata(
                batch.baseSequence(), batch.lastSequence(), batch.baseOffset(), batch.lastOffset());
        ProducerStateEntry after = producers.get(batch.producerId())
                .orElseGet(() -> ProducerStateEntry.empty(batch.producerId(), batch.producerEpoch()))
                .withBatch(batch.producerEpoch(), metadata)
                .withLastTimestamp(batch.maxTimestamp());
        return batch.isTransactional() ? after.withTransactionFrom(batch.baseOffset()) : after;
    }

    /**
     * Decides a transaction marker without changing the log, as {@link #decideAppend} decides data: the control
     * batch at the log end offset, the producer's state with its transaction ended and, for an abort that ends an
     * ongoing transaction, the aborted transaction for the index. A marker for a producer without an ongoing
     * transaction is written all the same and ends nothing (Kafka writes it too).
     *
     * @param marker the marker; its timestamp is the control batch's
     * @return the control batch to persist, with its offset, and what it changes
     * @throws io.hexalog.domain.error.HexalogException the error of a marker {@link TransactionPolicy} rejects
     */
    public LogAppend decideTransactionMarker(EndTransactionMarker marker) {
        return decideTransactionMarker(marker, TransactionVersion.TV_0);
    }

    /**
     * Decides a transaction marker as {@link #decideTransactionMarker(EndTransactionMarker)} does, under the rules of
     * the transaction version of the transaction it ends: a marker of version 2 carries a bumped epoch, and one at
     * the epoch of a transaction ongoing on the partition is refused (see {@link TransactionPolicy}).
     *
     * @param version the transaction version the coordinator recorded for the transaction
     */
    public LogAppend decideTransactionMarker(EndTransactionMarker marker, TransactionVersion version) {
        Optional<ProducerStateEntry> known = producers.get(marker.producerId());
        if (TransactionPolicy.checkMarker(known, marker.producerEpoch(), marker.coordinatorEpoch(), version)
                instanceof Decision.Rejected rejected) {
            throw rejected.error();
        }
        RecordBatch batch = marker.toBatch();
        long offset = logEndOffset;
        batch.assignBaseOffset(offset);
        batch.assignPartitionLeaderEpoch(leaderEpoch);
        ProducerStateEntry after = known
                .orElseGet(() -> ProducerStateEntry.empty(marker.producerId(), marker.producerEpoch()))
                .withTransactionEnded(marker.producerEpoch(), marker.coordinatorEpoch())
                .withLastTimestamp(marker.timestamp());
        List<AbortedTransaction> aborted = new ArrayList<>(1);
        if (marker.type() == ControlRecordType.ABORT) {
            known.flatMap(entry -> boxed(entry.ongoingTransactionFirstOffset())).ifPresent(first ->
                    aborted.add(new AbortedTransaction(marker.producerId(), first, offset)));
        }
        return new LogAppend(offset, offset, List.of(batch), List.of(after), aborted);
    }

    /**
     * Where read-committed consumers stop: the first offset of the oldest ongoing transaction, or the high
     * watermark when none is ongoing; never above the high watermark.
     */
    public long lastStableOffset() {
        if (ongoingTransactions.isEmpty()) {
            return highWatermark;
        }
        return Math.min(highWatermark, ongoingTransactions.firstKey());
    }

    /**
     * Whether the producer, at {@code epoch}, has a transaction ongoing on this partition: its transactional batches
     * need no check with the coordinator then (KIP-890), the first batch having been checked.
     */
    public boolean hasOngoingTransaction(long producerId, short epoch) {
        return producers.get(producerId)
                .filter(entry -> entry.producerEpoch() == epoch && entry.hasOngoingTransaction())
                .isPresent();
    }

    /**
     * The producers this partition keeps state for, by producer ID, each with where its ongoing transaction began
     * (Kafka's active producers, as DescribeProducers reports them).
     */
    public List<ActiveProducer> activeProducers() {
        return producers.entries().stream()
                .map(ActiveProducer::of)
                .sorted(Comparator.comparingLong(ActiveProducer::producerId))
                .toList();
    }

    /**
     * The state of every producer the partition keeps, as storage keeps it ({@link #recovered} takes it back): what
     * a copy of the partition needs besides its batches.
     */
    public List<ProducerStateEntry> producerStates() {
        return producers.entries().stream().sorted(Comparator.comparingLong(ProducerStateEntry::producerId)).toList();
    }

    /** The aborted transactions with records in {@code [fromOffset, toOffset)}, in the order they were aborted. */
    public List<AbortedTransaction> abortedTransactions(long fromOffset, long toOffset) {
        return abortedTransactions.overlapping(fromOffset, toOffset);
    }

    /**
     * Forgets the aborted transactions whose markers the log cleaner removes, given the base offsets of the batches
     * it removes: an aborted transaction reported without its marker would have a read-committed consumer drop the
     * producer's later transactions too. The cleaner removes a marker only once no data of its transaction is left.
     */
    public void forgetAbortedTransactionsOfRemovedMarkers(Collection<Long> removedBatchOffsets) {
        abortedTransactions.forgetEndingAt(removedBatchOffsets);
    }

    /**
     * Records that everything below {@code offset} is stored, making it visible to consumers. Storage
     * completes appends in order, so the high watermark only moves forward.
     */
    public void commit(long offset) {
        if (offset > logEndOffset) {
            throw new IllegalArgumentException("Cannot commit " + offset + " beyond log end offset " + logEndOffset);
        }
        highWatermark = Math.max(highWatermark, offset);
    }

    /**
     * Checks that a consumer may fetch from {@code offset}: anywhere from the log start offset up to the log
     * end offset (fetching at the end, or between high watermark and end, returns nothing yet).
     *
     * @throws OffsetOutOfRangeException outside that range
     */
    public void checkFetchOffset(long offset) {
        if (offset < logStartOffset || offset > logEndOffset) {
            throw new OffsetOutOfRangeException("Offset " + offset + " is outside the log range ["
                    + logStartOffset + ", " + logEndOffset + "]");
        }
    }

    /**
     * Moves the log start offset forward (DeleteRecords, retention): offsets below it are gone for readers,
     * and storage may drop the batches that lie wholly below it. Only committed data can be deleted.
     *
     * @param newLogStartOffset the first offset to keep
     * @return whether the log start offset moved; asking for an offset at or below it changes nothing
     * @throws OffsetOutOfRangeException if the offset is negative or beyond the high watermark
     */
    public boolean advanceLogStartOffset(long newLogStartOffset) {
        if (newLogStartOffset < 0 || newLogStartOffset > highWatermark) {
            throw new OffsetOutOfRangeException("Cannot delete records before offset " + newLogStartOffset
                    + ": it is outside [0, " + highWatermark + "] (the high watermark)");
        }
        if (newLogStartOffset <= logStartOffset) {
            return false;
        }
        logStartOffset = newLogStartOffset;
        abortedTransactions.trimBefore(newLogStartOffset);
        return true;
    }

    /**
     * Moves the log to a newer leader epoch: the batches decided from now on carry it, and it begins at the
     * log end offset. A replicated log moves when its leadership changes (the epoch follows the consensus
     * term); an epoch at or below the current one changes nothing, so the epoch only grows.
     *
     * @return whether the epoch moved
     */
    public boolean advanceLeaderEpoch(int newLeaderEpoch) {
        if (newLeaderEpoch <= leaderEpoch) {
            return false;
        }
        leaderEpoch = newLeaderEpoch;
        epochStarts.put(newLeaderEpoch, logEndOffset);
        return true;
    }

    /**
     * The end of what a leader epoch wrote (OffsetForLeaderEpoch, KIP-320), as Kafka's leader-epoch cache
     * answers: for the current epoch, the log end offset; for an older one, the greatest epoch at or below it
     * and the offset where the next epoch began; for an epoch older than every known one, undefined with the
     * offset where the first known epoch began; for a newer one than the current, undefined.
     */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        if (epoch == leaderEpoch) {
            return new EpochEndOffset(leaderEpoch, logEndOffset);
        }
        if (epoch < 0 || epoch > leaderEpoch) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, Long> floor = epochStarts.floorEntry(epoch);
        Map.Entry<Integer, Long> next = epochStarts.higherEntry(epoch);
        long end = next == null ? logEndOffset : next.getValue();
        return floor == null ? new EpochEndOffset(-1, end) : new EpochEndOffset(floor.getKey(), end);
    }

    /**
     * What the log must go on holding of each producer with state here, by producer ID: the cleaner of a compacted log
     * keeps these batches even when it empties them, as Kafka's does, so that the producer's last sequence, or the
     * epoch of its last transaction marker, stays in the log.
     */
    public Map<Long, LastRecord> lastRecordsOfProducers() {
        Map<Long, LastRecord> lastRecords = new HashMap<>();
        for (ProducerStateEntry entry : producers.entries()) {
            lastRecords.put(entry.producerId(), LastRecord.of(entry));
        }
        return lastRecords;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }
}
