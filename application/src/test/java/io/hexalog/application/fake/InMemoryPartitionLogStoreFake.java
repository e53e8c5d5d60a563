package io.hexalog.application.fake;

import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.error.KafkaStorageException;
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

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * A partition log store in memory. Batches are copied on append and on read, so a store user cannot alter
 * what is stored. Tests can hold appends back (to see what happens while a write is in flight) and make
 * appends fail (to see a storage failure).
 */
public final class InMemoryPartitionLogStoreFake implements PartitionLogStore {

    private final Map<TopicIdPartition, List<RecordBatch>> logs = new HashMap<>();
    private final Map<TopicIdPartition, Map<Long, ProducerStateEntry>> producers = new HashMap<>();
    private final Map<TopicIdPartition, Long> logStartOffsets = new HashMap<>();
    private final Map<TopicIdPartition, Long> appliedLogIndexes = new HashMap<>();
    private final Map<TopicIdPartition, List<AbortedTransaction>> aborted = new HashMap<>();
    private final Queue<PendingAppend> held = new ArrayDeque<>();
    private boolean holding;
    private boolean failing;
    private int syncs;
    private boolean full;
    private int appendCalls;

    private record PendingAppend(TopicIdPartition partition, List<RecordBatch> batches,
                                 List<ProducerStateEntry> producerStates, Optional<AbortedTransaction> aborted,
                                 long logIndex,
                                 CompletableFuture<Void> future) {
    }

    /** Appends from now on stay in flight until {@link #releaseHeldAppends()}. */
    public synchronized void holdAppends() {
        holding = true;
    }

    /** Stores held appends in order and completes their futures, then stops holding. */
    public void releaseHeldAppends() {
        List<PendingAppend> released;
        synchronized (this) {
            holding = false;
            released = new ArrayList<>(held);
            held.clear();
        }
        for (PendingAppend pending : released) {
            complete(pending);
        }
    }

    /** Appends from now on (and held ones when released) fail with a storage error and store nothing. */
    public synchronized void failAppends() {
        failing = true;
    }

    /** Appends succeed again. */
    public synchronized void stopFailing() {
        failing = false;
    }

    /** Appends from now on are refused at once for lack of room, storing nothing, as the port's contract says. */
    public synchronized void fill() {
        full = true;
    }

    /** Appends are taken again after {@link #fill()}. */
    public synchronized void makeRoom() {
        full = false;
    }

    public synchronized int appendCalls() {
        return appendCalls;
    }

    /** What is stored for a partition, as copies. */
    public synchronized List<RecordBatch> stored(TopicIdPartition partition) {
        return logs.getOrDefault(partition, List.of()).stream().map(InMemoryPartitionLogStoreFake::copy).toList();
    }

    public synchronized boolean hasAnyDataOf(TopicId topicId) {
        return logs.keySet().stream().anyMatch(partition -> partition.topicId().equals(topicId));
    }

    /** The bytes of the batches held for the partition. */
    @Override
    public synchronized CompletableFuture<Long> sizeInBytes(TopicIdPartition partition) {
        long bytes = logs.getOrDefault(partition, List.of()).stream().mapToLong(RecordBatch::sizeInBytes).sum();
        return CompletableFuture.completedFuture(bytes);
    }

    /** A store in memory, on no volume. */
    @Override
    public LogDirectory logDirectory() {
        return new LogDirectory(LogDirectory.IN_MEMORY, LogDirectory.UNKNOWN_BYTES, LogDirectory.UNKNOWN_BYTES);
    }

    /** Reads hand out the stored batches themselves. */
    @Override
    public ReadBufferUsage readBufferUsage() {
        return ReadBufferUsage.NONE;
    }

    @Override
    public synchronized StoredLogState open(TopicIdPartition partition) {
        List<RecordBatch> log = logs.getOrDefault(partition, List.of());
        long recordedStart = logStartOffsets.getOrDefault(partition, 0L);
        List<ProducerStateEntry> states = List.copyOf(producers.getOrDefault(partition, Map.of()).values());
        long appliedLogIndex = appliedLogIndexes.getOrDefault(partition, NO_LOG_INDEX);
        List<AbortedTransaction> abortedKept = aborted.getOrDefault(partition, List.of());
        if (log.isEmpty()) {
            return new StoredLogState(recordedStart, recordedStart, states, appliedLogIndex, abortedKept);
        }
        // a recorded log start is the log's start, also when cleaning removed the batch holding it
        long start = logStartOffsets.containsKey(partition) ? recordedStart : log.get(0).baseOffset();
        return new StoredLogState(start, log.get(log.size() - 1).nextOffset(),
                states, appliedLogIndex, abortedKept);
    }

    @Override
    public CompletableFuture<Void> append(TopicIdPartition partition, List<RecordBatch> batches,
                                          List<ProducerStateEntry> producerStates, long logIndex) {
        return append(partition, batches, producerStates, Optional.empty(), logIndex);
    }

    @Override
    public CompletableFuture<Void> appendTransactionMarker(TopicIdPartition partition, RecordBatch marker,
                                                           ProducerStateEntry producerState,
                                                           Optional<AbortedTransaction> abortedTransaction,
                                                           long logIndex) {
        return append(partition, List.of(marker), List.of(producerState), abortedTransaction, logIndex);
    }

    private CompletableFuture<Void> append(TopicIdPartition partition, List<RecordBatch> batches,
                                           List<ProducerStateEntry> producerStates,
                                           Optional<AbortedTransaction> abortedTransaction, long logIndex) {
        PendingAppend pending = new PendingAppend(partition, batches.stream().map(InMemoryPartitionLogStoreFake::copy)
                .toList(), List.copyOf(producerStates), abortedTransaction, logIndex, new CompletableFuture<>());
        synchronized (this) {
            appendCalls++;
            if (full) {
                return CompletableFuture.failedFuture(new StorageFullException("no room for " + batches.size()
                        + " batches of " + partition));
            }
            if (holding) {
                held.add(pending);
                return pending.future();
            }
        }
        complete(pending);
        return pending.future();
    }

    private void complete(PendingAppend pending) {
        synchronized (this) {
            if (failing) {
                pending.future().completeExceptionally(new KafkaStorageException("disk on fire"));
                return;
            }
            List<RecordBatch> log = logs.computeIfAbsent(pending.partition(), key -> new ArrayList<>());
            long expected = log.isEmpty() ? pending.batches().get(0).baseOffset() : log.get(log.size() - 1).nextOffset();
            for (RecordBatch batch : pending.batches()) {
                if (batch.baseOffset() != expected) {
                    throw new IllegalStateException("Batch at " + batch.baseOffset() + " is not contiguous with "
                            + expected + " in " + pending.partition());
                }
                expected = batch.nextOffset();
            }
            log.addAll(pending.batches());
            Map<Long, ProducerStateEntry> states = producers.computeIfAbsent(pending.partition(), key -> new HashMap<>());
            pending.producerStates().forEach(state -> states.put(state.producerId(), state));
            if (pending.logIndex() != NO_LOG_INDEX) {
                appliedLogIndexes.put(pending.partition(), pending.logIndex());
            }
            pending.aborted().ifPresent(transaction ->
                    aborted.computeIfAbsent(pending.partition(), key -> new ArrayList<>()).add(transaction));
        }
        pending.future().complete(null);
    }

    @Override
    public synchronized CompletableFuture<LogSlice> read(TopicIdPartition partition, long fromOffset, long maxOffset,
                                                         ReadLimit limit) {
        List<RecordBatch> slice = new ArrayList<>();
        int bytes = 0;
        for (RecordBatch batch : logs.getOrDefault(partition, List.of())) {
            if (batch.lastOffset() < fromOffset) {
                continue;
            }
            if (batch.baseOffset() >= maxOffset) {
                break;
            }
            if (!limit.admits(bytes, batch.sizeInBytes())) {
                break;
            }
            slice.add(copy(batch));
            bytes += batch.sizeInBytes();
        }
        return CompletableFuture.completedFuture(new LogSlice(slice));
    }

    @Override
    public synchronized CompletableFuture<Optional<RecordBatch>> findFirstBatchWithTimestampAtLeast(
            TopicIdPartition partition, long timestamp, long maxOffset) {
        return CompletableFuture.completedFuture(below(partition, maxOffset).stream()
                .filter(batch -> batch.maxTimestamp() >= timestamp)
                .findFirst()
                .map(InMemoryPartitionLogStoreFake::copy));
    }

    @Override
    public synchronized CompletableFuture<Optional<RecordBatch>> findBatchWithMaxTimestamp(TopicIdPartition partition,
                                                                                          long maxOffset) {
        RecordBatch found = null;
        for (RecordBatch batch : below(partition, maxOffset)) {
            if (found == null || batch.maxTimestamp() > found.maxTimestamp()) {
                found = batch;
            }
        }
        return CompletableFuture.completedFuture(Optional.ofNullable(found).map(InMemoryPartitionLogStoreFake::copy));
    }

    private List<RecordBatch> below(TopicIdPartition partition, long maxOffset) {
        return logs.getOrDefault(partition, List.of()).stream().filter(batch -> batch.baseOffset() < maxOffset).toList();
    }

    @Override
    public synchronized CompletableFuture<List<BatchHeader>> batchHeaders(TopicIdPartition partition, long maxOffset) {
        return CompletableFuture.completedFuture(below(partition, maxOffset).stream().map(BatchHeader::of).toList());
    }

    @Override
    public synchronized CompletableFuture<Void> deleteBefore(TopicIdPartition partition, long newLogStartOffset) {
        if (newLogStartOffset > logStartOffsets.getOrDefault(partition, 0L)) {
            logStartOffsets.put(partition, newLogStartOffset);
            logs.getOrDefault(partition, new ArrayList<>()).removeIf(batch -> batch.nextOffset() <= newLogStartOffset);
            aborted.getOrDefault(partition, new ArrayList<>())
                    .removeIf(transaction -> transaction.lastOffset() < newLogStartOffset);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> completeCopy(TopicIdPartition partition, StoredLogState copied) {
        Map<Long, ProducerStateEntry> states = new HashMap<>();
        copied.producerStates().forEach(state -> states.put(state.producerId(), state));
        producers.put(partition, states);
        aborted.put(partition, new ArrayList<>(copied.abortedTransactions()));
        if (copied.appliedLogIndex() != NO_LOG_INDEX) {
            appliedLogIndexes.put(partition, copied.appliedLogIndex());
        }
        logStartOffsets.merge(partition, copied.logStartOffset(), Math::max);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> replaceBatches(TopicIdPartition partition, List<CleanedBatch> cleaned) {
        List<RecordBatch> log = logs.get(partition);
        if (log == null || log.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long start = Math.max(logStartOffsets.getOrDefault(partition, 0L), log.get(0).baseOffset());
        logStartOffsets.put(partition, start);
        Map<Long, CleanedBatch> byBaseOffset = new HashMap<>();
        cleaned.forEach(batch -> byBaseOffset.put(batch.baseOffset(), batch));
        List<RecordBatch> kept = new ArrayList<>(log.size());
        for (RecordBatch batch : log) {
            CleanedBatch replacement = byBaseOffset.get(batch.baseOffset());
            if (replacement == null || batch.nextOffset() <= start) {
                kept.add(batch);
            } else {
                replacement.replacement().map(InMemoryPartitionLogStoreFake::copy).ifPresent(kept::add);
                if (replacement.leavesNoMarker()) {
                    aborted.getOrDefault(partition, new ArrayList<>())
                            .removeIf(transaction -> transaction.lastOffset() == batch.baseOffset());
                }
            }
        }
        log.clear();
        log.addAll(kept);
        return CompletableFuture.completedFuture(null);
    }

    /** Writable unless the fake was told to fail appends. */
    @Override
    public synchronized CompletableFuture<Boolean> checkWritable() {
        return CompletableFuture.completedFuture(!failing);
    }

    /** Counts the calls, the writes completed before each one being forced; fails while writes fail. */
    @Override
    public synchronized CompletableFuture<Void> sync() {
        if (failing) {
            return CompletableFuture.failedFuture(new KafkaStorageException("The fake's writes fail"));
        }
        syncs++;
        return CompletableFuture.completedFuture(null);
    }

    /** How many times {@link #sync} forced the writes. */
    public synchronized int syncs() {
        return syncs;
    }

    @Override
    public synchronized CompletableFuture<Void> deleteTopic(TopicId topicId) {
        logs.keySet().removeIf(partition -> partition.topicId().equals(topicId));
        logStartOffsets.keySet().removeIf(partition -> partition.topicId().equals(topicId));
        producers.keySet().removeIf(partition -> partition.topicId().equals(topicId));
        appliedLogIndexes.keySet().removeIf(partition -> partition.topicId().equals(topicId));
        aborted.keySet().removeIf(partition -> partition.topicId().equals(topicId));
        return CompletableFuture.completedFuture(null);
    }

    private static RecordBatch copy(RecordBatch batch) {
        ByteBuffer source = batch.bytes();
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        return RecordBatch.wrap(copy);
    }
}
