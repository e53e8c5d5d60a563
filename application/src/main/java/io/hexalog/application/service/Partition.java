package io.hexalog.application.service;

import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.application.port.in.IsolationLevel;
import io.hexalog.application.port.in.ReplicaImage;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.StorageFullException;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.EndTransactionMarker;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.SliceForm;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.partition.EpochEndOffset;
import io.hexalog.domain.partition.LogAppend;
import io.hexalog.domain.partition.PartitionLog;
import io.hexalog.domain.producer.ActiveProducer;
import io.hexalog.domain.producer.LastRecord;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.transaction.TransactionVersion;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One partition hosted by this broker: its {@link PartitionLog} guarded by a lock, and the store that keeps
 * its batches. Appends are decided and handed to the store under the lock, so they reach the store in
 * offset order; the lock is never held while waiting for the store.
 *
 * <p>If the store fails an append the partition goes offline for writes (Kafka takes a failed log
 * directory offline too): offsets were already promised to later appends, so accepting more could leave a
 * gap. Reads of what was stored keep working. Once the store takes writes again, {@link #bringOnline}
 * reloads the log from what the store holds, which forgets the offsets promised to appends that failed.
 * A store that refuses an append for lack of room does so before the log applies it, so that refusal
 * changes nothing: the partition stays writable.
 */
final class Partition {

    private static final System.Logger LOG = System.getLogger(Partition.class.getName());

    private final TopicIdPartition id;
    private final PartitionLogStore store;
    private final CommitListener commitListener;
    /** Replaced when the partition comes back online; read and written under the lock. */
    private PartitionLog log;
    /** Counts the times the log was reloaded, so that a failure from before a reload is not taken for a new one. */
    private int incarnation;
    /** Written under the lock, volatile so that Metadata can read it without taking the lock. */
    private volatile boolean offline;
    private volatile LogConfig config = LogConfig.KAFKA_DEFAULTS;
    /**
     * The log index of the latest append the store held when the log was loaded: a replayed command at or below it
     * is stored already. Read and written under the lock.
     */
    private long storedLogIndex;
    /** The log index of the latest append decided, stored or in flight. Read and written under the lock. */
    private long appendedLogIndex;
    /** Whether the store refused the latest append for lack of room. Read and written under the lock. */
    private boolean latestAppendRefused;
    /** The store's future for the latest append; store futures of a partition complete in append order. */
    private CompletableFuture<Void> latestStored = CompletableFuture.completedFuture(null);
    /**
     * The latest change to the stored head of the log (deleting batches below a new log start, replacing cleaned
     * ones): each waits for the one before, so that the store never sees two at once. Read and written under the lock.
     */
    private CompletableFuture<?> latestHeadChange = CompletableFuture.completedFuture(null);

    /** Told when appended data becomes visible, so that waiting fetches can complete. */
    @FunctionalInterface
    interface CommitListener {
        /**
         * @param bytes                 the size of the batches committed
         * @param lastStableOffsetMoved whether read-committed consumers see more now (the high watermark moved
         *                              with no transaction ongoing, or a marker ended the oldest one)
         */
        void committed(TopicIdPartition partition, int bytes, boolean lastStableOffsetMoved);
    }

    /** @param storedLogIndex the log index the store recorded with its latest append, as {@link #holds} reads it */
    Partition(TopicIdPartition id, PartitionLog log, long storedLogIndex, PartitionLogStore store,
              CommitListener commitListener) {
        this.id = id;
        this.log = log;
        this.storedLogIndex = storedLogIndex;
        this.appendedLogIndex = storedLogIndex;
        this.store = store;
        this.commitListener = commitListener;
    }

    TopicIdPartition id() {
        return id;
    }

    /** The configuration the partition's log obeys now. */
    LogConfig config() {
        return config;
    }

    /** Applies a topic's changed configuration from the next append or retention check on. */
    void reconfigure(LogConfig newConfig) {
        this.config = newConfig;
    }

    /**
     * Moves the log start offset forward and has storage drop what lies wholly below it.
     *
     * @return completes with whether it moved, once storage has the new log start offset
     * @throws io.hexalog.domain.error.OffsetOutOfRangeException beyond the high watermark or below zero
     */
    CompletableFuture<Boolean> advanceLogStartOffset(long newLogStartOffset) {
        CompletableFuture<Void> deleted = new CompletableFuture<>();
        CompletableFuture<?> previous;
        synchronized (this) {
            if (!log.advanceLogStartOffset(newLogStartOffset)) {
                return CompletableFuture.completedFuture(false);
            }
            previous = queueHeadChange(deleted);
        }
        return runAfter(previous, () -> store.deleteBefore(id, newLogStartOffset), deleted).thenApply(ignored -> true);
    }

    /**
     * Replaces stored batches by their cleaned versions, once the changes to the head of the log made before are
     * stored. Offsets, the log start offset and the high watermark stay as they are; the aborted transactions whose
     * markers go are forgotten.
     */
    CompletableFuture<Void> replaceCleaned(List<CleanedBatch> cleaned) {
        CompletableFuture<Void> replaced = new CompletableFuture<>();
        CompletableFuture<?> previous;
        synchronized (this) {
            // forgotten before the markers go, or are emptied, so that no read-committed fetch reports an aborted
            // transaction without its marker; the cleaner does so only once no data of its transaction is left
            log.forgetAbortedTransactionsOfRemovedMarkers(cleaned.stream()
                    .filter(CleanedBatch::leavesNoMarker).map(CleanedBatch::baseOffset).toList());
            previous = queueHeadChange(replaced);
        }
        return runAfter(previous, () -> store.replaceBatches(id, cleaned), replaced);
    }

    /** Makes {@code next} the latest change to the stored head of the log; returns the one it follows. Under the lock. */
    private CompletableFuture<?> queueHeadChange(CompletableFuture<Void> next) {
        CompletableFuture<?> previous = latestHeadChange;
        latestHeadChange = next;
        return previous;
    }

    /**
     * Makes a change to the stored head of the log once the previous one has ended, well or not, outside the lock
     * (a store may do the change on the calling thread), and completes {@code done} as the change does.
     */
    private static CompletableFuture<Void> runAfter(CompletableFuture<?> previous,
                                                    Supplier<CompletableFuture<Void>> change,
                                                    CompletableFuture<Void> done) {
        previous.handle((ignored, failure) -> null).thenCompose(ignored -> change.get())
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else {
                        done.complete(null);
                    }
                });
        return done;
    }

    /**
     * The batches between two offsets, whole, as stored: what the cleaner reads. Does not check the offsets. The
     * caller releases the slice.
     */
    CompletableFuture<LogSlice> readStored(long fromOffset, long toOffset, ReadLimit limit) {
        return store.read(id, fromOffset, toOffset, limit);
    }

    /** The headers of the committed batches, from the log start on: what the cleaner sizes the log by. */
    CompletableFuture<List<BatchHeader>> committedBatchHeaders() {
        return store.batchHeaders(id, offsets().highWatermark());
    }

    /**
     * The aborted transactions with records between two offsets, and what the log must go on holding of each
     * producer.
     */
    synchronized TransactionsSeen transactionsSeen(long fromOffset, long toOffset) {
        return new TransactionsSeen(log.abortedTransactions(fromOffset, toOffset), log.lastRecordsOfProducers());
    }

    /** What the cleaner must know of a log's transactions and producers. */
    record TransactionsSeen(List<AbortedTransaction> aborted, Map<Long, LastRecord> lastRecordsOfProducers) {
    }

    /**
     * Moves the log start offset forward once every append made before has been stored, so that the offset is
     * judged against the same high watermark on every broker that applies the same appends and deletion.
     */
    CompletableFuture<Boolean> advanceLogStartOffsetAfterAppends(long newLogStartOffset) {
        CompletableFuture<Void> before;
        synchronized (this) {
            before = latestStored;
        }
        return before.exceptionally(failure -> null)
                .thenCompose(ignored -> advanceLogStartOffset(newLogStartOffset));
    }

    /**
     * Where the retention policy would have the log start now: past the committed batches at the head of the log
     * that are too old or too many. Empty when the topic keeps everything, is compacted without {@code delete}, or
     * nothing is due.
     */
    CompletableFuture<OptionalLong> retentionCutPoint(long nowMs) {
        var policy = config.retentionPolicy();
        if (!config.cleanupPolicy().deletes() || policy.retentionMs() < 0 && policy.retentionBytes() < 0) {
            return CompletableFuture.completedFuture(OptionalLong.empty());
        }
        return store.batchHeaders(id, offsets().highWatermark()).thenApply(headers -> policy.cutPoint(headers, nowMs));
    }

    /** Where a leader epoch's writes end (OffsetForLeaderEpoch). */
    synchronized EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        return log.endOffsetForEpoch(leaderEpoch);
    }

    /**
     * Whether the store already held the append of the command at {@code logIndex} when the log was loaded: a
     * replayed command that must not be appended twice. Never for {@link PartitionLogStore#NO_LOG_INDEX}.
     */
    synchronized boolean holds(long logIndex) {
        return logIndex != PartitionLogStore.NO_LOG_INDEX && logIndex <= storedLogIndex;
    }

    /**
     * Appends validated batches in a leader epoch, which the log moves to first if it is newer than its own
     * (a single broker always appends in epoch 0).
     *
     * @param logIndex where the command sits in the replicated log, recorded with the batches; or
     *                 {@link PartitionLogStore#NO_LOG_INDEX}
     * @return completes with what the log decided once the batches are stored; for a duplicate, once the
     *         original is stored (it may still be in flight when a producer retries)
     */
    CompletableFuture<LogAppend> append(List<RecordBatch> batches, int leaderEpoch, long logIndex) {
        return append(leaderEpoch, logIndex, () -> log.decideAppend(batches),
                append -> store.append(id, append.batches(), append.producerStates(), logIndex));
    }

    /**
     * Writes a transaction marker in a leader epoch, as {@link #append} appends batches: the control batch gets
     * the next offset, ends its producer's transaction and, for an abort, enters the aborted-transaction index.
     * On a LogAppendTime topic the marker's timestamp (the decider's, the same on every replica) is its append
     * time.
     *
     * @param logIndex where the command sits in the replicated log, recorded with the marker; or
     *                 {@link PartitionLogStore#NO_LOG_INDEX}
     * @return completes with what the log decided once the marker is stored
     */
    CompletableFuture<LogAppend> writeTransactionMarker(EndTransactionMarker marker, int leaderEpoch, long logIndex) {
        return writeTransactionMarker(marker, TransactionVersion.TV_0, leaderEpoch, logIndex);
    }

    /**
     * Writes a transaction marker of a transaction of {@code version}, whose rules decide how its epoch is checked
     * (see {@link PartitionLog#decideTransactionMarker(EndTransactionMarker, TransactionVersion)}).
     */
    CompletableFuture<LogAppend> writeTransactionMarker(EndTransactionMarker marker, TransactionVersion version,
                                                        int leaderEpoch, long logIndex) {
        OptionalLong appendTime = config.timestampPolicy().logAppendTime(marker.timestamp());
        return append(leaderEpoch, logIndex, () -> {
            LogAppend decided = log.decideTransactionMarker(marker, version);
            appendTime.ifPresent(time -> decided.batches().get(0).stampLogAppendTime(time));
            return decided;
        }, decided -> store.appendTransactionMarker(id, decided.batches().get(0), decided.producerStates().get(0),
                decided.abortedTransactions().stream().findFirst(), logIndex));
    }

    private CompletableFuture<LogAppend> append(int leaderEpoch, long logIndex, Supplier<LogAppend> decide,
                                                Function<LogAppend, CompletableFuture<Void>> storeIt) {
        LogAppend append;
        CompletableFuture<Void> stored;
        int appendedTo;
        synchronized (this) {
            log.advanceLeaderEpoch(leaderEpoch);
            if (offline) {
                return CompletableFuture.failedFuture(
                        new KafkaStorageException("Partition " + id + " is offline after a storage failure"));
            }
            append = decide.get();
            if (append.isDuplicate()) {
                return whenOriginalStored(append);
            }
            stored = storeIt.apply(append);
            Optional<StorageFullException> refused = refusal(stored);
            latestAppendRefused = refused.isPresent();
            if (refused.isPresent()) {
                // nothing was stored or applied: the next append is taken as if this one had never come
                return CompletableFuture.failedFuture(refused.get());
            }
            log.apply(append);
            latestStored = stored;
            appendedTo = incarnation;
            appendedLogIndex = Math.max(appendedLogIndex, logIndex);
        }
        return stored.handle((ignored, failure) -> {
            if (failure != null) {
                synchronized (this) {
                    if (appendedTo == incarnation && !offline) {
                        offline = true;
                        LOG.log(System.Logger.Level.WARNING, "Partition " + id + " is offline: storing batches failed ("
                                + failure.getMessage() + "); it comes back once storage takes writes again");
                    }
                }
                throw new KafkaStorageException("Storing batches of " + id + " failed", failure);
            }
            boolean stableMoved;
            synchronized (this) {
                long stableBefore = log.lastStableOffset();
                log.commit(append.nextOffset());
                stableMoved = log.lastStableOffset() > stableBefore;
            }
            commitListener.committed(id, append.sizeInBytes(), stableMoved);
            return append;
        });
    }

    /** The store's refusal of an append for lack of room, which its contract says comes at once. */
    private static Optional<StorageFullException> refusal(CompletableFuture<Void> stored) {
        if (!stored.isCompletedExceptionally()) {
            return Optional.empty();
        }
        Throwable cause = FutureFailures.cause(stored.handle((ignored, thrown) -> thrown).join());
        return cause instanceof StorageFullException full ? Optional.of(full) : Optional.empty();
    }

    /**
     * Acknowledging a retry before its original is durable could confirm a batch that is then lost. The
     * original is at or before the latest append, so waiting for that append's store future is enough.
     */
    private CompletableFuture<LogAppend> whenOriginalStored(LogAppend duplicate) {
        if (duplicate.nextOffset() <= log.highWatermark()) {
            return CompletableFuture.completedFuture(duplicate);
        }
        return latestStored.handle((ignored, failure) -> {
            if (failure != null) {
                throw new KafkaStorageException("Storing the original of a retried batch of " + id + " failed", failure);
            }
            return duplicate;
        });
    }

    /** Whether a failed write took the partition offline; it then refuses appends. Never blocks. */
    boolean isOffline() {
        return offline;
    }

    /**
     * Takes an offline partition back online, once the store takes writes again: waits for the appends still
     * in flight (they fail with the one that failed), reloads the log from what the store holds and accepts
     * appends again. Blocks on the store; never call from an event loop.
     *
     * @return whether the partition was offline
     */
    boolean bringOnline() {
        synchronized (this) {
            if (!offline) {
                return false;
            }
        }
        reload();
        return true;
    }

    /**
     * Reloads the log from what the store holds, once the appends in flight have completed, and accepts appends
     * again: after a storage failure, or once a replica copied from another broker was written into the store.
     * Blocks on the store; never call from an event loop.
     */
    void reload() {
        CompletableFuture<Void> inFlight;
        synchronized (this) {
            inFlight = latestStored;
        }
        inFlight.exceptionally(failure -> null).join();
        StoredLogState stored = store.open(id);
        synchronized (this) {
            log = PartitionLog.recovered(stored.logStartOffset(), stored.logEndOffset(), log.leaderEpoch(),
                    stored.producerStates(), stored.abortedTransactions());
            storedLogIndex = stored.appliedLogIndex();
            appendedLogIndex = storedLogIndex;
            incarnation++;
            offline = false;
        }
    }

    /**
     * What a copy of this partition starts from (ADR 14): the state {@link PartitionLogStore#open} would return
     * once every append decided so far is stored, which the returned future waits for. Its batches are those the
     * store holds from the batch holding its log start offset up to its log end offset.
     */
    CompletableFuture<ReplicaImage> replicaImage() {
        ReplicaImage image;
        CompletableFuture<Void> stored;
        synchronized (this) {
            if (offline) {
                return CompletableFuture.failedFuture(
                        new KafkaStorageException("Partition " + id + " is offline after a storage failure"));
            }
            image = new ReplicaImage(log.logStartOffset(), log.logEndOffset(), log.producerStates(),
                    appendedLogIndex, log.abortedTransactions(0, Long.MAX_VALUE));
            stored = latestStored;
        }
        return stored.thenApply(ignored -> image);
    }

    /** Whether the producer, at {@code epoch}, has a transaction ongoing on this partition (KIP-890). */
    synchronized boolean hasOngoingTransaction(long producerId, short epoch) {
        return log.hasOngoingTransaction(producerId, epoch);
    }

    /** The producers the partition keeps state for, with their ongoing transactions (DescribeProducers). */
    synchronized List<ActiveProducer> activeProducers() {
        return log.activeProducers();
    }

    /** How far applying has got: the latest append's log index and the offsets after it, read together. */
    synchronized AppliedLogEnd appliedLogEnd() {
        return new AppliedLogEnd(appendedLogIndex, log.logEndOffset(), log.logStartOffset(),
                !offline && !latestAppendRefused);
    }

    /** A consistent snapshot of the partition's offsets. */
    synchronized LogOffsets offsets() {
        return new LogOffsets(log.logStartOffset(), log.highWatermark(), log.logEndOffset(), log.leaderEpoch(),
                log.lastStableOffset());
    }

    /**
     * Reads committed batches from {@code fetchOffset}: below the high watermark, or for read-committed readers
     * below the last stable offset, with the aborted transactions that have records in what was read.
     *
     * @param form whether the batches are read into memory, or may stay in the store's files to be sent as they are
     * @throws io.hexalog.domain.error.OffsetOutOfRangeException if the offset is outside the log
     */
    CompletableFuture<Read> read(long fetchOffset, ReadLimit limit, IsolationLevel isolation, SliceForm form) {
        LogOffsets offsets;
        synchronized (this) {
            log.checkFetchOffset(fetchOffset);
            offsets = offsets();
        }
        boolean committedOnly = isolation == IsolationLevel.READ_COMMITTED;
        long end = committedOnly ? offsets.lastStableOffset() : offsets.highWatermark();
        if (fetchOffset >= end) {
            return CompletableFuture.completedFuture(new Read(offsets, LogSlice.EMPTY));
        }
        CompletableFuture<LogSlice> read = form == SliceForm.SENDABLE
                ? store.readToSend(id, fetchOffset, end, limit) : store.read(id, fetchOffset, end, limit);
        return read.thenApply(slice -> {
            if (!committedOnly || slice.isEmpty()) {
                return new Read(offsets, slice);
            }
            try {
                return new Read(offsets, slice, abortedTransactions(fetchOffset, slice));
            } catch (RuntimeException e) {
                slice.release(); // nobody else gets to see it
                throw e;
            }
        });
    }

    private synchronized List<AbortedTransaction> abortedTransactions(long fetchOffset, LogSlice slice) {
        return log.abortedTransactions(fetchOffset, slice.nextOffset());
    }

    /** The first committed batch whose max timestamp is at or after {@code timestamp}. */
    CompletableFuture<Optional<RecordBatch>> firstBatchWithTimestampAtLeast(long timestamp) {
        return store.findFirstBatchWithTimestampAtLeast(id, timestamp, offsets().highWatermark());
    }

    /** The committed batch holding the greatest timestamp. */
    CompletableFuture<Optional<RecordBatch>> batchWithMaxTimestamp() {
        return store.findBatchWithMaxTimestamp(id, offsets().highWatermark());
    }

    /**
     * Batches read together with the offsets that bounded the read and, for a read-committed read, the aborted
     * transactions that have records in it. Whoever holds it releases the slice.
     */
    record Read(LogOffsets offsets, LogSlice slice, List<AbortedTransaction> abortedTransactions) {

        Read {
            abortedTransactions = List.copyOf(abortedTransactions);
        }

        Read(LogOffsets offsets, LogSlice slice) {
            this(offsets, slice, List.of());
        }
    }

    /** A partition's offsets at one instant. */
    record LogOffsets(long logStartOffset, long highWatermark, long logEndOffset, int leaderEpoch,
                      long lastStableOffset) {
    }
}
