package io.hexalog.application.service;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.application.port.out.RecordBatchRewriter.Rewrite;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.compaction.CleanableSection;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.compaction.CompactionRule;
import io.hexalog.domain.compaction.DedupeBuffer;
import io.hexalog.domain.compaction.KeyOffsetMap;
import io.hexalog.domain.config.CompactionConfig;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Compacts the logs of topics whose {@code cleanup.policy} includes {@code compact}, in the background, as Kafka's log
 * cleaner does: every {@code log.cleaner.backoff.ms} it sizes the cleanable part of each compacted partition hosted
 * here ({@link CleanableSection}), takes those that need cleaning, dirtiest first, and for each:
 * <ol>
 *   <li>reads the dirty part and notes the latest offset of every key ({@link KeyOffsetMap}), skipping aborted
 *       transactions and markers, until the map holds as many keys as {@code log.cleaner.dedupe.buffer.size}
 *       allows ({@link DedupeBuffer}): the cleaning then ends at the first record whose key did not fit;</li>
 *   <li>reads the log from its start to that end, a chunk at a time, has each batch rewritten by the
 *       {@link CompactionRule} and replaces the batches that changed in the store, one atomic replacement per
 *       chunk;</li>
 *   <li>checkpoints where the cleaning ended ({@link CleanerCheckpointStore}, kept across restarts by a persistent
 *       store): the next dirty part starts there, so a log with more keys than one map holds is cleaned in several
 *       rounds, as Kafka's cleaner does. A round in which a map filled up is followed at once by the next, not a
 *       backoff later, as Kafka's cleaner thread only pauses when it found nothing to clean; the next round sizes
 *       every partition again and takes the dirtiest first, so the rest of a large log waits behind no other.</li>
 * </ol>
 * Cleaning never removes the latest record of a key, so a crash between two chunks loses nothing. Reading and
 * rewriting run on the given executor, never on the threads that serve produce and fetch. Every node cleans its own
 * copy of a partition, as Kafka's followers do: what it keeps depends only on the batches and the clock.
 *
 * <p>The cleaner keeps one {@link KeyOffsetMap} and clears it for each cleaning, as Kafka's cleaner thread keeps its
 * offset map, instead of allocating up to {@code log.cleaner.dedupe.buffer.size} again for every partition cleaned.
 * Rounds, and the cleanings of a round, therefore run one after another, never at once: a round asked for while
 * another runs starts when it ends.
 */
public final class LogCleanerService {

    private static final System.Logger LOG = System.getLogger(LogCleanerService.class.getName());
    /** How many bytes of batches one read, and one replacement, takes at most (a larger batch is read alone). */
    static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private final PartitionRegistry partitions;
    private final RecordBatchRewriter rewriter;
    private final Clock clock;
    private final Executor cleaning;
    private final RepeatingCheck checks;
    private final boolean enabled;
    private final DedupeBuffer dedupeBuffer;
    /** Where the last cleaning of each partition stopped (Kafka's cleaner offset checkpoint). */
    private final CleanerCheckpointStore checkpoints;
    private final CleanerStats stats = new CleanerStats();
    /** The one map of every cleaning, created by the first; only the cleaning running uses it. */
    private KeyOffsetMap offsetMap;
    /** The round running or last run: the next starts after it, so that no two use {@link #offsetMap} at once. */
    private CompletableFuture<RoundResult> lastRound = CompletableFuture.completedFuture(RoundResult.NOTHING);

    public LogCleanerService(PartitionRegistry partitions, RecordBatchRewriter rewriter,
                             CleanerCheckpointStore checkpoints, Scheduler scheduler, Clock clock, Executor cleaning,
                             LogCleanerConfig settings) {
        this.partitions = partitions;
        this.checkpoints = checkpoints;
        this.rewriter = rewriter;
        this.clock = clock;
        this.cleaning = cleaning;
        this.enabled = settings.enabled();
        this.dedupeBuffer = settings.dedupeBuffer();
        this.checks = RepeatingCheck.goingOnAtOnceWhile(scheduler, settings.backoff(),
                () -> nextRound().thenApply(RoundResult::moreDirtyLeft));
    }

    /** Schedules the first round one backoff from now, and each following one a backoff after the previous. */
    public void start() {
        if (enabled) {
            checks.start();
        }
    }

    public void stop() {
        checks.stop();
    }

    /** What the cleaner has done since the broker started. */
    public CleanerStats stats() {
        return stats;
    }

    /**
     * Cleans, now, every compacted partition hosted here that needs it, dirtiest first; after the round running, if
     * one is.
     *
     * @return completes with the number of partitions cleaned
     */
    public CompletableFuture<Integer> checkNow() {
        return nextRound().thenApply(RoundResult::cleaned);
    }

    private CompletableFuture<RoundResult> nextRound() {
        CompletableFuture<RoundResult> next = new CompletableFuture<>();
        CompletableFuture<RoundResult> previous;
        synchronized (this) {
            previous = lastRound;
            lastRound = next;
        }
        // the round starts outside the lock: with a synchronous executor it runs to its end right here
        previous.handle((ignored, failure) -> null).thenCompose(ignored -> round())
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        next.completeExceptionally(failure);
                    } else {
                        next.complete(result);
                    }
                });
        return next;
    }

    private CompletableFuture<RoundResult> round() {
        long now = clock.millis();
        List<CompletableFuture<Candidate>> sized = new ArrayList<>();
        for (Partition partition : partitions.all()) {
            if (partition.config().cleanupPolicy().compacts() && !partition.isOffline()) {
                sized.add(size(partition, now));
            }
        }
        return CompletableFuture.allOf(sized.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            List<Candidate> dirty = sized.stream().map(CompletableFuture::join)
                    .filter(candidate -> candidate != null && candidate.section().needsCleaning(candidate.config()))
                    .sorted(Comparator.comparingDouble((Candidate candidate) -> candidate.section().dirtyRatio())
                            .reversed())
                    .toList();
            CompletableFuture<RoundResult> chain = CompletableFuture.completedFuture(RoundResult.NOTHING);
            for (Candidate candidate : dirty) {
                chain = chain.thenCompose(round -> clean(candidate, now)
                        .handle((moreDirtyLeft, failure) -> {
                            if (failure != null) {
                                LOG.log(System.Logger.Level.WARNING, "Cleaning " + candidate.partition().id()
                                        + " failed: " + failure);
                                return round;
                            }
                            return round.andCleaned(moreDirtyLeft);
                        }));
            }
            return chain;
        });
    }

    private CompletableFuture<Candidate> size(Partition partition, long now) {
        CompactionConfig config = partition.config().compaction();
        Partition.LogOffsets offsets = partition.offsets();
        return CompletableFuture.supplyAsync(() -> firstDirtyOffset(partition, offsets), cleaning)
                .thenCompose(firstDirty -> partition.committedBatchHeaders()
                        .thenApply(headers -> new Candidate(partition, config, CleanableSection.of(headers, config,
                                firstDirty, Math.min(offsets.lastStableOffset(), offsets.highWatermark()), now))))
                .exceptionally(failure -> {
                    LOG.log(System.Logger.Level.WARNING, "Sizing " + partition.id() + " for cleaning failed: " + failure);
                    return null;
                });
    }

    /**
     * Where the partition's dirty part begins: its checkpoint, but not before the log start, and the log start for a
     * checkpoint past the log end offset, which a log that lost its end (a replaced copy) can leave, as Kafka resets it.
     */
    private long firstDirtyOffset(Partition partition, Partition.LogOffsets offsets) {
        long checkpoint = checkpoints.firstDirtyOffset(partition.id()).orElse(offsets.logStartOffset());
        if (checkpoint > offsets.logEndOffset()) {
            LOG.log(System.Logger.Level.WARNING, "Resetting the first dirty offset of {0} to its log start offset {1}: "
                    + "the checkpoint {2} is past the log end offset {3}", partition.id(),
                    Long.toString(offsets.logStartOffset()), Long.toString(checkpoint),
                    Long.toString(offsets.logEndOffset()));
            return offsets.logStartOffset();
        }
        return Math.max(offsets.logStartOffset(), checkpoint);
    }

    /**
     * Cleans one partition's log with the cleaner's map.
     *
     * @return completes with whether the map filled up and the cleaning stopped past its first dirty offset but before
     *         its first uncleanable one: dirty offsets are left that the next round can go on with at once
     */
    private CompletableFuture<Boolean> clean(Candidate candidate, long now) {
        Partition partition = candidate.partition();
        CleanableSection section = candidate.section();
        long start = partition.offsets().logStartOffset();
        long firstDirty = section.firstDirtyOffset();
        long firstUncleanable = section.firstUncleanableOffset();
        Partition.TransactionsSeen transactions = partition.transactionsSeen(start, firstUncleanable);
        KeyOffsetMap latest = mapFor(firstUncleanable - firstDirty);
        CompactionRule rule = new CompactionRule(latest, transactions.aborted(), transactions.lastRecordsOfProducers(),
                now);
        CleaningRound round = new CleaningRound();
        long started = clock.millis();
        return forEachChunk(partition, firstDirty, firstUncleanable, latest::isFull, chunk -> {
            for (RecordBatch batch : chunk) {
                if (latest.isFull()) {
                    break;
                }
                if (!batch.isControlBatch() && !rule.isAborted(batch)) {
                    // a batch the last cleaning stopped inside starts before the dirty part
                    rewriter.forEachKey(batch, (offset, key) -> {
                        if (offset >= firstDirty && offset < firstUncleanable) {
                            latest.put(key, offset);
                        }
                    });
                }
            }
            return CompletableFuture.completedFuture(null);
        }).thenCompose(ignored -> forEachChunk(partition, start, section.endOfCleaning(latest), () -> false, chunk -> {
            List<CleanedBatch> cleaned = new ArrayList<>();
            for (RecordBatch batch : chunk) {
                Rewrite rewrite = rewriter.rewrite(batch, rule, now, candidate.config().deleteRetentionMs());
                round.count(rewrite, batch);
                if (rewrite.changed()) {
                    cleaned.add(new CleanedBatch(batch.baseOffset(), rewrite.cleaned()));
                }
            }
            return cleaned.isEmpty() ? CompletableFuture.completedFuture(null) : partition.replaceCleaned(cleaned);
        })).thenCompose(ignored -> checkpoints.checkpoint(partition.id(), section.endOfCleaning(latest)))
                .thenApply(ignored -> {
                    logCleaned(partition, section, latest, round, started);
                    long end = section.endOfCleaning(latest);
                    return end > firstDirty && end < firstUncleanable;
                });
    }

    private KeyOffsetMap mapFor(long dirtyOffsets) {
        offsetMap = offsetMap == null ? dedupeBuffer.mapFor(dirtyOffsets) : dedupeBuffer.reuse(offsetMap, dirtyOffsets);
        return offsetMap;
    }

    private void logCleaned(Partition partition, CleanableSection section, KeyOffsetMap latest, CleaningRound round,
                            long started) {
        stats.add(round);
        LOG.log(System.Logger.Level.INFO, "Cleaned {0} up to offset {1}: kept {2} of {3} records, {4} of {5} bytes, "
                        + "{6} keys{7} (dirty ratio {8}) in {9} ms", partition.id(),
                Long.toString(section.endOfCleaning(latest)), Long.toString(round.recordsKept),
                Long.toString(round.recordsRead), Long.toString(round.bytesKept), Long.toString(round.bytesRead),
                Integer.toString(latest.size()), latest.isFull() ? ", the most the dedupe buffer holds" : "",
                String.format("%.2f", section.dirtyRatio()), Long.toString(clock.millis() - started));
    }

    /**
     * Reads the batches in {@code [from, to)} a chunk at a time, on the cleaning executor, handing each to
     * {@code action}, until {@code done} says so; each chunk is released once its action is done.
     */
    private CompletableFuture<Void> forEachChunk(Partition partition, long from, long to, BooleanSupplier done,
                                                 Function<List<RecordBatch>, CompletableFuture<Void>> action) {
        if (from >= to || done.getAsBoolean()) {
            return CompletableFuture.completedFuture(null);
        }
        return partition.readStored(from, to, ReadLimit.atLeastOneBatch(CHUNK_BYTES))
                .thenComposeAsync(slice -> {
                    if (slice.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    long next = lastOf(slice).nextOffset();
                    CompletableFuture<Void> acted;
                    try {
                        acted = action.apply(slice.batches());
                    } catch (RuntimeException e) {
                        slice.release();
                        throw e;
                    }
                    // the store copies what replaceBatches is given, so the read's memory may go back once done
                    return acted.whenComplete((ignored, failure) -> slice.release())
                            .thenCompose(ignored -> forEachChunk(partition, next, to, done, action));
                }, cleaning);
    }

    private static RecordBatch lastOf(LogSlice slice) {
        return slice.batches().get(slice.batches().size() - 1);
    }

    private record Candidate(Partition partition, CompactionConfig config, CleanableSection section) {
    }

    /**
     * What a round did: how many partitions it cleaned, and whether one of them has dirty offsets left that a full map
     * stopped the cleaning before.
     */
    private record RoundResult(int cleaned, boolean moreDirtyLeft) {
        static final RoundResult NOTHING = new RoundResult(0, false);

        RoundResult andCleaned(boolean dirtyLeft) {
            return new RoundResult(cleaned + 1, moreDirtyLeft || dirtyLeft);
        }
    }

    /** What one cleaning read and kept. */
    static final class CleaningRound {
        long recordsRead;
        long recordsKept;
        long bytesRead;
        long bytesKept;

        void count(Rewrite rewrite, RecordBatch original) {
            recordsRead += rewrite.recordsRead();
            recordsKept += rewrite.recordsKept();
            bytesRead += original.sizeInBytes();
            bytesKept += rewrite.cleaned().map(RecordBatch::sizeInBytes).orElse(0);
        }
    }

    /** Totals of the cleanings since the broker started; safe to read from any thread. */
    public static final class CleanerStats {
        private long cleanings;
        private long recordsRead;
        private long recordsKept;
        private long bytesRead;
        private long bytesKept;

        synchronized void add(CleaningRound round) {
            cleanings++;
            recordsRead += round.recordsRead;
            recordsKept += round.recordsKept;
            bytesRead += round.bytesRead;
            bytesKept += round.bytesKept;
        }

        public synchronized long cleanings() {
            return cleanings;
        }

        public synchronized long recordsRead() {
            return recordsRead;
        }

        public synchronized long recordsKept() {
            return recordsKept;
        }

        public synchronized long bytesRead() {
            return bytesRead;
        }

        public synchronized long bytesKept() {
            return bytesKept;
        }
    }
}
