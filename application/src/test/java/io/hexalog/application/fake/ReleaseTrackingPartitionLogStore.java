package io.hexalog.application.fake;

import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadBufferUsage;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A store that hands out every read's slice as one owning memory, or the files it holds, and counts the slices not
 * yet released: what lends memory to reads, or holds files open for reads to send, looks like to its callers. Reads
 * and reads to send each go to the wrapped store's own, so a slice read to send keeps its form; everything else goes
 * to the store it wraps. Tests of the callers of {@link PartitionLogStore#read} and
 * {@link PartitionLogStore#readToSend} check with it that every path releases what it read.
 */
public final class ReleaseTrackingPartitionLogStore implements PartitionLogStore {

    private final PartitionLogStore store;
    private final AtomicInteger unreleased = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final Map<TopicIdPartition, RuntimeException> failingReads = new ConcurrentHashMap<>();
    private final AtomicInteger heldCount = new AtomicInteger();
    /** Completes the reads held back; null while reads are not held. */
    private CompletableFuture<Void> held;

    public ReleaseTrackingPartitionLogStore(PartitionLogStore store) {
        this.store = store;
    }

    /** Non-empty slices read and not yet released. */
    public int unreleasedSlices() {
        return unreleased.get();
    }

    /** Makes every read of {@code partition} from now on fail with {@code error}. */
    public void failReadsOf(TopicIdPartition partition, RuntimeException error) {
        failingReads.put(partition, error);
    }

    /** Non-empty slices read so far. */
    public int slicesRead() {
        return reads.get();
    }

    /**
     * Holds back the outcome of every read made from now on (each reads the store when it is made) until
     * {@link #releaseHeldReads}: what a store that reads on a thread of its own looks like while writes go on.
     */
    public synchronized void holdReads() {
        held = new CompletableFuture<>();
    }

    /** Completes the held reads and stops holding. */
    public void releaseHeldReads() {
        CompletableFuture<Void> release;
        synchronized (this) {
            release = held;
            held = null;
        }
        if (release != null) {
            release.complete(null);
        }
    }

    /** How many reads are held back now. */
    public int heldReads() {
        return heldCount.get();
    }

    @Override
    public CompletableFuture<LogSlice> read(TopicIdPartition partition, long fromOffset, long maxOffset,
                                            ReadLimit limit) {
        return trackedRead(partition, () -> store.read(partition, fromOffset, maxOffset, limit));
    }

    @Override
    public CompletableFuture<LogSlice> readToSend(TopicIdPartition partition, long fromOffset, long maxOffset,
                                                  ReadLimit limit) {
        return trackedRead(partition, () -> store.readToSend(partition, fromOffset, maxOffset, limit));
    }

    /** Makes the read unless reads of the partition fail, counts its slice, and holds it back while reads are held. */
    private CompletableFuture<LogSlice> trackedRead(TopicIdPartition partition,
                                                    Supplier<CompletableFuture<LogSlice>> reading) {
        RuntimeException failure = failingReads.get(partition);
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<LogSlice> read = reading.get().thenApply(this::counted);
        CompletableFuture<Void> release;
        synchronized (this) {
            release = held;
        }
        if (release == null) {
            return read;
        }
        heldCount.incrementAndGet();
        return release.thenCompose(ignored -> {
            heldCount.decrementAndGet();
            return read;
        });
    }

    /** The slice in the same form, counted until its first release, which releases the wrapped store's slice. */
    private LogSlice counted(LogSlice slice) {
        if (slice.isEmpty()) {
            return slice;
        }
        reads.incrementAndGet();
        unreleased.incrementAndGet();
        Runnable onRelease = () -> {
            unreleased.decrementAndGet();
            slice.release();
        };
        return slice.inMemory() ? new LogSlice(slice.batches(), onRelease)
                : LogSlice.unread(slice.unread(), slice.nextOffset(), onRelease);
    }

    @Override
    public StoredLogState open(TopicIdPartition partition) {
        return store.open(partition);
    }

    @Override
    public CompletableFuture<Void> append(TopicIdPartition partition, List<RecordBatch> batches,
                                         List<ProducerStateEntry> producerStates, long logIndex) {
        return store.append(partition, batches, producerStates, logIndex);
    }

    @Override
    public CompletableFuture<Void> appendTransactionMarker(TopicIdPartition partition, RecordBatch marker,
                                                           ProducerStateEntry producerState,
                                                           Optional<AbortedTransaction> aborted, long logIndex) {
        return store.appendTransactionMarker(partition, marker, producerState, aborted, logIndex);
    }

    @Override
    public CompletableFuture<Optional<RecordBatch>> findFirstBatchWithTimestampAtLeast(TopicIdPartition partition,
                                                                                      long timestamp, long maxOffset) {
        return store.findFirstBatchWithTimestampAtLeast(partition, timestamp, maxOffset);
    }

    @Override
    public CompletableFuture<Optional<RecordBatch>> findBatchWithMaxTimestamp(TopicIdPartition partition,
                                                                             long maxOffset) {
        return store.findBatchWithMaxTimestamp(partition, maxOffset);
    }

    @Override
    public CompletableFuture<List<BatchHeader>> batchHeaders(TopicIdPartition partition, long maxOffset) {
        return store.batchHeaders(partition, maxOffset);
    }

    @Override
    public CompletableFuture<Void> deleteBefore(TopicIdPartition partition, long newLogStartOffset) {
        return store.deleteBefore(partition, newLogStartOffset);
    }

    @Override
    public CompletableFuture<Void> completeCopy(TopicIdPartition partition, StoredLogState copied) {
        return store.completeCopy(partition, copied);
    }

    @Override
    public CompletableFuture<Void> replaceBatches(TopicIdPartition partition, List<CleanedBatch> cleaned) {
        return store.replaceBatches(partition, cleaned);
    }

    @Override
    public CompletableFuture<Boolean> checkWritable() {
        return store.checkWritable();
    }

    @Override
    public CompletableFuture<Void> sync() {
        return store.sync();
    }

    @Override
    public CompletableFuture<Void> deleteTopic(TopicId topicId) {
        return store.deleteTopic(topicId);
    }

    @Override
    public CompletableFuture<Long> sizeInBytes(TopicIdPartition partition) {
        return store.sizeInBytes(partition);
    }

    @Override
    public LogDirectory logDirectory() {
        return store.logDirectory();
    }

    @Override
    public ReadBufferUsage readBufferUsage() {
        return store.readBufferUsage();
    }
}
