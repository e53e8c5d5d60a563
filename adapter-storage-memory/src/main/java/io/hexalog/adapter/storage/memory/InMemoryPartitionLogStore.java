package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.error.StorageFullException;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadBufferUsage;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Partition logs held in memory: per partition, the batches in a skip list keyed by base offset, so a
 * read finds the batch holding an offset with one floor lookup and readers never block writers. Every
 * future is already complete when returned.
 *
 * <p>Appended batches are copied, because the caller's buffer (a slice of a network buffer) is released or
 * reused once the append completes; and they are copied into off-heap segments ({@link Segments}) rather
 * than onto the heap, where every young collection would copy everything stored again (pauses of tens of
 * milliseconds in produce latency).
 *
 * <p>The segments of all partitions share one {@link MemoryBudget}. An append whose batches do not fit is
 * refused whole, before anything of it is stored, with a future already failed with
 * {@link StorageFullException}; deleting batches and topics gives their segments back.
 */
final class InMemoryPartitionLogStore implements PartitionLogStore {

    private final Map<TopicIdPartition, InMemoryLog> logs = new ConcurrentHashMap<>();
    private final MemoryBudget budget;
    /** Forgets a deleted topic's cleaner checkpoints with its logs, as the RocksDB adapter does in the same write. */
    private final InMemoryCleanerCheckpointStore cleanerCheckpoints;

    /** A store whose only limit is the JVM's direct memory. */
    InMemoryPartitionLogStore() {
        this(MemoryBudget.unlimited());
    }

    InMemoryPartitionLogStore(MemoryBudget budget) {
        this(budget, new InMemoryCleanerCheckpointStore());
    }

    InMemoryPartitionLogStore(MemoryBudget budget, InMemoryCleanerCheckpointStore cleanerCheckpoints) {
        this.budget = budget;
        this.cleanerCheckpoints = cleanerCheckpoints;
    }

    /** The direct memory the store holds for batches now, in bytes. */
    long usedBytes() {
        return budget.usedBytes();
    }

    @Override
    public StoredLogState open(TopicIdPartition partition) {
        InMemoryLog log = logs.get(partition);
        return log == null ? StoredLogState.empty() : log.state();
    }

    @Override
    public CompletableFuture<Void> append(TopicIdPartition partition, List<RecordBatch> batches,
                                          List<ProducerStateEntry> producerStates, long logIndex) {
        try {
            logs.computeIfAbsent(partition, key -> new InMemoryLog(new Segments(key, budget)))
                    .append(batches, producerStates, Optional.empty(), logIndex);
        } catch (StorageFullException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> appendTransactionMarker(TopicIdPartition partition, RecordBatch marker,
                                                           ProducerStateEntry producerState,
                                                           Optional<AbortedTransaction> aborted, long logIndex) {
        try {
            logs.computeIfAbsent(partition, key -> new InMemoryLog(new Segments(key, budget)))
                    .append(List.of(marker), List.of(producerState), aborted, logIndex);
        } catch (StorageFullException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<LogSlice> read(TopicIdPartition partition, long fromOffset, long maxOffset,
                                            ReadLimit limit) {
        InMemoryLog log = logs.get(partition);
        LogSlice slice = log == null ? LogSlice.EMPTY : log.read(fromOffset, maxOffset, limit);
        return CompletableFuture.completedFuture(slice);
    }

    @Override
    public CompletableFuture<Optional<RecordBatch>> findFirstBatchWithTimestampAtLeast(TopicIdPartition partition,
                                                                                      long timestamp, long maxOffset) {
        InMemoryLog log = logs.get(partition);
        return CompletableFuture.completedFuture(log == null ? Optional.empty()
                : log.below(maxOffset).filter(batch -> batch.maxTimestamp() >= timestamp).findFirst());
    }

    @Override
    public CompletableFuture<Optional<RecordBatch>> findBatchWithMaxTimestamp(TopicIdPartition partition,
                                                                             long maxOffset) {
        InMemoryLog log = logs.get(partition);
        Optional<RecordBatch> found = Optional.empty();
        if (log != null) {
            for (RecordBatch batch : (Iterable<RecordBatch>) log.below(maxOffset)::iterator) {
                if (found.isEmpty() || batch.maxTimestamp() > found.get().maxTimestamp()) {
                    found = Optional.of(batch);
                }
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public CompletableFuture<List<BatchHeader>> batchHeaders(TopicIdPartition partition, long maxOffset) {
        InMemoryLog log = logs.get(partition);
        return CompletableFuture.completedFuture(log == null ? List.of() : log.below(maxOffset).map(BatchHeader::of).toList());
    }

    @Override
    public CompletableFuture<Void> deleteBefore(TopicIdPartition partition, long newLogStartOffset) {
        InMemoryLog log = logs.get(partition);
        if (log != null) {
            log.deleteBefore(newLogStartOffset);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> completeCopy(TopicIdPartition partition, StoredLogState copied) {
        logs.computeIfAbsent(partition, key -> new InMemoryLog(new Segments(key, budget))).completeCopy(copied);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Copies the cleaned batches into the partition's segments and swaps them in, one batch at a time, under the
     * log's lock; a reader sees each batch as it was or as cleaned. Segments left holding no batch go back to the
     * budget.
     */
    @Override
    public CompletableFuture<Void> replaceBatches(TopicIdPartition partition, List<CleanedBatch> cleaned) {
        InMemoryLog log = logs.get(partition);
        if (log != null) {
            try {
                log.replace(cleaned);
            } catch (StorageFullException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The bytes of the batches the partition's log holds, exactly. */
    @Override
    public CompletableFuture<Long> sizeInBytes(TopicIdPartition partition) {
        InMemoryLog log = logs.get(partition);
        return CompletableFuture.completedFuture(log == null ? 0L : log.sizeInBytes());
    }

    /**
     * A store in memory is on no volume: its directory is named {@value LogDirectory#IN_MEMORY}, its total the
     * memory budget (unknown without one) and its usable bytes what is left of it.
     */
    @Override
    public LogDirectory logDirectory() {
        if (budget.maxBytes() == Long.MAX_VALUE) {
            return new LogDirectory(LogDirectory.IN_MEMORY, LogDirectory.UNKNOWN_BYTES, LogDirectory.UNKNOWN_BYTES);
        }
        return new LogDirectory(LogDirectory.IN_MEMORY, budget.maxBytes(),
                Math.max(0, budget.maxBytes() - budget.usedBytes()));
    }

    /** Reads hand out the stored batches themselves: they borrow no memory. */
    @Override
    public ReadBufferUsage readBufferUsage() {
        return ReadBufferUsage.NONE;
    }

    /** Memory never refuses a write. */
    @Override
    public CompletableFuture<Boolean> checkWritable() {
        return CompletableFuture.completedFuture(true);
    }

    /** Nothing to force: memory keeps nothing across a restart, so a cluster node on it takes no shard snapshot. */
    @Override
    public CompletableFuture<Void> sync() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> deleteTopic(TopicId topicId) {
        for (TopicIdPartition partition : List.copyOf(logs.keySet())) {
            if (partition.topicId().equals(topicId)) {
                InMemoryLog removed = logs.remove(partition);
                if (removed != null) {
                    removed.delete();
                }
            }
        }
        cleanerCheckpoints.deleteTopic(topicId);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * One partition's batches, producer states, aborted transactions and log start offset. Readers never lock; appends and
     * deletions lock the log, because retention may delete while an append is made.
     */
    private static final class InMemoryLog {

        private static final long NOT_SET = -1;

        private final ConcurrentNavigableMap<Long, RecordBatch> batches = new ConcurrentSkipListMap<>();
        private final Map<Long, ProducerStateEntry> producers = new ConcurrentHashMap<>();
        /** In marker order; written under the log's lock, copied by {@link #state()}. */
        private final List<AbortedTransaction> aborted = new CopyOnWriteArrayList<>();
        /** Set by deleting or cleaning batches; until then the log starts at its first batch. */
        private volatile long logStartOffset = NOT_SET;
        private volatile long appliedLogIndex = NO_LOG_INDEX;
        private final Segments segments;
        private boolean deleted;

        InMemoryLog(Segments segments) {
            this.segments = segments;
        }

        /**
         * Copies every batch before storing any, so that an append refused for lack of memory leaves the log
         * as it was. An append that loses a race with the deletion of its topic stores nothing, as if it had
         * been deleted with the topic.
         *
         * @throws StorageFullException if the batches do not fit in the budget
         */
        synchronized void append(List<RecordBatch> appended, List<ProducerStateEntry> producerStates,
                                 Optional<AbortedTransaction> abortedTransaction, long logIndex) {
            if (deleted) {
                return;
            }
            for (RecordBatch copy : segments.copy(appended)) {
                batches.put(copy.baseOffset(), copy);
            }
            for (ProducerStateEntry state : producerStates) {
                producers.put(state.producerId(), state);
            }
            if (logIndex != NO_LOG_INDEX) {
                appliedLogIndex = logIndex;
            }
            abortedTransaction.ifPresent(aborted::add);
        }

        /** Takes the state of a copied replica whose batches were appended already. */
        synchronized void completeCopy(StoredLogState copied) {
            if (deleted) {
                return;
            }
            producers.clear();
            copied.producerStates().forEach(state -> producers.put(state.producerId(), state));
            aborted.clear();
            aborted.addAll(copied.abortedTransactions());
            if (copied.appliedLogIndex() != NO_LOG_INDEX) {
                appliedLogIndex = copied.appliedLogIndex();
            }
            if (copied.logStartOffset() > logStartOffset) {
                logStartOffset = copied.logStartOffset();
            }
        }

        /** Gives the log's memory back; the log is no longer reachable from the store. */
        synchronized void delete() {
            deleted = true;
            batches.clear();
            producers.clear();
            aborted.clear();
            segments.releaseAll();
        }

        StoredLogState state() {
            long set = logStartOffset;
            if (batches.isEmpty()) {
                long start = Math.max(set, 0);
                // Only deleting every batch empties a log that was appended to: it then starts where it ended.
                return new StoredLogState(start, start, List.copyOf(producers.values()), appliedLogIndex,
                        List.copyOf(aborted));
            }
            // a log start that was set is the log's start, also when cleaning removed the batch holding it
            return new StoredLogState(set == NOT_SET ? batches.firstKey() : set, batches.lastEntry().getValue().nextOffset(),
                    List.copyOf(producers.values()), appliedLogIndex, List.copyOf(aborted));
        }

        synchronized void deleteBefore(long newLogStartOffset) {
            if (newLogStartOffset <= logStartOffset) {
                return;
            }
            logStartOffset = newLogStartOffset;
            aborted.removeIf(transaction -> transaction.lastOffset() < newLogStartOffset);
            batches.headMap(newLogStartOffset).values().removeIf(batch -> batch.nextOffset() <= newLogStartOffset);
            segments.releaseBefore(newLogStartOffset);
        }

        synchronized void replace(List<CleanedBatch> cleaned) {
            if (deleted || batches.isEmpty()) {
                return;
            }
            // the first batch may go: the log still starts where it started
            if (logStartOffset == NOT_SET) {
                logStartOffset = batches.firstKey();
            }
            List<CleanedBatch> applicable = cleaned.stream().filter(batch -> {
                RecordBatch stored = batches.get(batch.baseOffset());
                return stored != null && stored.nextOffset() > logStartOffset;
            }).toList();
            List<RecordBatch> replacements = applicable.stream()
                    .flatMap(batch -> batch.replacement().stream()).toList();
            List<RecordBatch> copies = segments.replace(
                    applicable.stream().map(CleanedBatch::baseOffset).toList(), replacements);
            int next = 0;
            for (CleanedBatch batch : applicable) {
                if (batch.replacement().isPresent()) {
                    batches.put(batch.baseOffset(), copies.get(next++));
                } else {
                    batches.remove(batch.baseOffset());
                }
                if (batch.leavesNoMarker()) {
                    aborted.removeIf(transaction -> transaction.lastOffset() == batch.baseOffset());
                }
            }
        }

        LogSlice read(long fromOffset, long maxOffset, ReadLimit limit) {
            Long start = batches.floorKey(fromOffset);
            if (start == null) {
                start = fromOffset;
            }
            if (start >= maxOffset) {
                return LogSlice.EMPTY;
            }
            List<RecordBatch> read = new ArrayList<>();
            int bytes = 0;
            for (RecordBatch batch : batches.subMap(start, true, maxOffset, false).values()) {
                if (batch.nextOffset() <= fromOffset) {
                    continue;
                }
                if (!limit.admits(bytes, batch.sizeInBytes())) {
                    break;
                }
                read.add(batch);
                bytes += batch.sizeInBytes();
            }
            return new LogSlice(read);
        }

        long sizeInBytes() {
            return batches.values().stream().mapToLong(RecordBatch::sizeInBytes).sum();
        }

        Stream<RecordBatch> below(long maxOffset) {
            return batches.headMap(maxOffset, false).values().stream();
        }
    }
}
