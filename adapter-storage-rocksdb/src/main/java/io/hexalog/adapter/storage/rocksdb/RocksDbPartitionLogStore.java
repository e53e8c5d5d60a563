package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.LogDirectory;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadBufferUsage;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.log.UnreadBytes;
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Partition logs in segment files, indexed in RocksDB. The bytes of each batch go to the partition's segment files
 * ({@link PartitionSegments}); RocksDB keeps one entry per batch in the {@code batch_index} column family, keyed by
 * partition and base offset, naming where it lies ({@link BatchPlace}), and with it what needs atomic updates: one key
 * per producer in {@code producer_state}, per partition whose log start offset was moved one key in
 * {@code log_start_offset}, per partition appended to through a replicated log one key in {@code applied_log_index},
 * and one key per aborted transaction in {@code aborted_transactions}, keyed by partition and the offset of its abort
 * marker. Appends and deletions go through the {@link GroupCommitWriter}: the batch bytes are written to their file
 * first, then the index entries with the rest, in one RocksDB write, which is what makes the append exist. Reads run
 * on the read executor: a scan of the index, then one read of the file for each run of batches lying back to back.
 * Layout and durability are described in {@code docs/storage.md} and ADR 13.
 */
final class RocksDbPartitionLogStore implements PartitionLogStore {

    /** A read finds a file gone only when its batches were deleted or moved after it read the index: it tries again. */
    private static final int READ_ATTEMPTS = 5;
    /**
     * Below this many bytes per stretch on average, a read to send is read into memory all the same. Measured with
     * {@code BrokerRoundTripBenchmark} over loopback, one partition of 16 KB batches, always files against always
     * memory: memory answered 1.30x as many fetches of 16 KB, 1.21x of 64 KB, 1.06x of 256 KB; files 1.08x as many of
     * 512 KB, 1.11x of 1 MB (two alternated runs each). A stretch costs the reader a warming call and the event
     * loop a write of its own, where bytes in memory join the response's one gathering write.
     */
    static final int MIN_UNREAD_BYTES = 512 * 1024;
    /** How much of a sparse file's batches one write moves out: they are read to the heap first. */
    private static final System.Logger LOG = System.getLogger(RocksDbPartitionLogStore.class.getName());
    /**
     * The free space below which the store says it takes no appends after one failed: Kafka's default largest batch
     * ({@code message.max.bytes}, about 1 MiB).
     */
    private static final long ROOM_FOR_AN_APPEND = 1024 * 1024 + 12;

    private final Database database;
    private final GroupCommitWriter writer;
    private final Executor readers;
    private final TopicCompactor compactor;
    private final IdleScans idleScans;
    private final BatchRewrites rewrites;
    private final ReadBufferPool readBuffers;
    private final PageCacheWarmer warmer;
    /** Below this many bytes per stretch on average, a read to send is read into memory: {@link #MIN_UNREAD_BYTES}. */
    private final int minUnreadBytes;
    private final Path directory;
    private final SegmentDirectories directories;
    private final long segmentBytes;
    /** By topic ID and partition: a partition's name is not always known (see {@link SegmentDirectories#unnamed}). */
    private final Map<LogKey, PartitionSegments> segments = new ConcurrentHashMap<>();
    /**
     * Topics whose deletion is staged in the group being written: writes to them staged after it in the same group are
     * refused, since the deletion's range deletes would not cover what they put. Writer thread.
     */
    private final Set<TopicId> deletedTopics = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private record LogKey(TopicId topicId, int partition) {
        static LogKey of(TopicIdPartition partition) {
            return new LogKey(partition.topicId(), partition.partition());
        }
    }

    RocksDbPartitionLogStore(Database database, GroupCommitWriter writer, Executor readers,
                             TopicCompactor compactor, IdleScans idleScans, ReadBufferPool readBuffers,
                             Path directory, long segmentBytes, int minUnreadBytes) {
        this.readBuffers = readBuffers;
        this.warmer = PageCacheWarmer.open();
        this.directory = directory;
        this.directories = new SegmentDirectories(directory);
        this.segmentBytes = segmentBytes;
        this.minUnreadBytes = minUnreadBytes;
        this.idleScans = idleScans;
        this.database = database;
        this.writer = writer;
        this.readers = readers;
        this.compactor = compactor;
        this.rewrites = new BatchRewrites(new BatchRewrites.Store() {
            @Override
            public <T> CompletableFuture<T> onReader(TopicIdPartition partition, Database.Operation<T> read) {
                return RocksDbPartitionLogStore.this.onReader(partition, read);
            }

            @Override
            public CompletableFuture<Void> write(GroupCommitWriter.StagedWrite write, int sizeInBytes) {
                return writer.submit(write, sizeInBytes, true);
            }

            @Override
            public PartitionSegments segmentsOf(TopicIdPartition partition) {
                return RocksDbPartitionLogStore.this.segmentsOf(partition);
            }

            @Override
            public void refuseIfDeleted(TopicIdPartition partition) {
                RocksDbPartitionLogStore.this.refuseIfDeleted(partition);
            }

            @Override
            public void forgetScans(TopicIdPartition partition) {
                idleScans.forget(partition);
            }
        });
    }

    /**
     * The partition's segment files, opened (and tidied after a crash) the first time they are asked for. Blocks the
     * first caller: only this store's threads and {@link #open} ask.
     */
    PartitionSegments segmentsOf(TopicIdPartition partition) {
        if (closed) {
            throw new KafkaStorageException("RocksDB storage is closed");
        }
        return segments.computeIfAbsent(LogKey.of(partition), key -> guarded(partition,
                () -> database.access(db -> PartitionSegments.load(db, partition, directories.root(), segmentBytes))));
    }

    /**
     * Opens the partition's segment files, then reads its stored log start offset, first and last index entries and
     * its producer states: a few seeks, on the caller.
     */
    @Override
    public StoredLogState open(TopicIdPartition partition) {
        segmentsOf(partition);
        return guarded(partition, () -> database.access(db -> {
            List<ProducerStateEntry> producers = new ArrayList<>();
            try (PartitionScan scan = new PartitionScan(db, db.producerState(), partition).seekToFirst()) {
                for (; scan.isValid(); scan.next()) {
                    producers.add(ProducerStateCodec.decode(scan.value()));
                }
            }
            List<AbortedTransaction> aborted = new ArrayList<>(0);
            try (PartitionScan scan = new PartitionScan(db, db.abortedTransactions(), partition).seekToFirst()) {
                for (; scan.isValid(); scan.next()) {
                    aborted.add(AbortedTransactionCodec.decode(scan.keyValue(), scan.value()));
                }
            }
            long storedStart = storedLogStartOffset(db, partition);
            long appliedLogIndex = storedAppliedLogIndex(db, partition);
            try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition)) {
                if (!scan.seekToFirst().isValid()) {
                    // Only deleting every batch empties a log that was appended to: it then starts where it ended.
                    long offset = Math.max(storedStart, 0);
                    return new StoredLogState(offset, offset, producers, appliedLogIndex, aborted);
                }
                // a stored log start is the log's start, also when cleaning removed the batch holding it
                long logStartOffset = storedStart >= 0 ? storedStart : scan.keyValue();
                scan.seekToLast();
                long logEndOffset = BatchPlace.decode(scan.keyValue(), scan.value()).nextOffset();
                return new StoredLogState(logStartOffset, logEndOffset, producers, appliedLogIndex, aborted);
            }
        }));
    }

    /**
     * Hands the batches to the writer, which writes them at the end of the partition's segment files and their index
     * entries, the producer states and the log index in the group's RocksDB write. The batches' buffers are written
     * from as they are: the caller keeps them until the append completes.
     */
    @Override
    public CompletableFuture<Void> append(TopicIdPartition partition, List<RecordBatch> batches,
                                         List<ProducerStateEntry> producerStates, long logIndex) {
        List<byte[]> producerKeys = new ArrayList<>(producerStates.size());
        List<byte[]> producerValues = new ArrayList<>(producerStates.size());
        int bytes = 0;
        for (RecordBatch batch : batches) {
            bytes += Keys.KEY_LENGTH + BatchPlace.ENCODED_BYTES + batch.sizeInBytes();
        }
        for (ProducerStateEntry state : producerStates) {
            byte[] value = ProducerStateCodec.encode(state);
            producerKeys.add(Keys.key(partition, state.producerId()));
            producerValues.add(value);
            bytes += Keys.KEY_LENGTH + value.length;
        }
        byte[] appliedKey = logIndex == NO_LOG_INDEX ? null : Keys.partitionPrefix(partition);
        byte[] appliedValue = logIndex == NO_LOG_INDEX ? null : ByteBuffer.allocate(Long.BYTES).putLong(logIndex).array();
        return writer.submit(new Appending(partition, batches, logIndex) {
            @Override
            void stageTheRest(Database db, WriteBatch writeBatch) throws RocksDBException {
                for (int i = 0; i < producerKeys.size(); i++) {
                    writeBatch.put(db.producerState(), producerKeys.get(i), producerValues.get(i));
                }
                if (appliedKey != null) {
                    writeBatch.put(db.appliedLogIndex(), appliedKey, appliedValue);
                }
            }
        }, bytes, false);
    }

    /** Like {@link #append}, with the aborted transaction, if any, in the same write. */
    @Override
    public CompletableFuture<Void> appendTransactionMarker(TopicIdPartition partition, RecordBatch marker,
                                                           ProducerStateEntry producerState,
                                                           Optional<AbortedTransaction> aborted, long logIndex) {
        byte[] producerKey = Keys.key(partition, producerState.producerId());
        byte[] producerValue = ProducerStateCodec.encode(producerState);
        byte[] abortedKey = aborted.map(transaction -> Keys.key(partition, transaction.lastOffset())).orElse(null);
        byte[] abortedValue = aborted.map(AbortedTransactionCodec::encode).orElse(null);
        byte[] appliedKey = logIndex == NO_LOG_INDEX ? null : Keys.partitionPrefix(partition);
        byte[] appliedValue = logIndex == NO_LOG_INDEX ? null : ByteBuffer.allocate(Long.BYTES).putLong(logIndex).array();
        int bytes = 2 * Keys.KEY_LENGTH + BatchPlace.ENCODED_BYTES + marker.sizeInBytes() + producerValue.length
                + (abortedKey == null ? 0 : Keys.KEY_LENGTH + abortedValue.length)
                + (appliedKey == null ? 0 : appliedKey.length + appliedValue.length);
        return writer.submit(new Appending(partition, List.of(marker), logIndex) {
            @Override
            void stageTheRest(Database db, WriteBatch writeBatch) throws RocksDBException {
                writeBatch.put(db.producerState(), producerKey, producerValue);
                if (abortedKey != null) {
                    writeBatch.put(db.abortedTransactions(), abortedKey, abortedValue);
                }
                if (appliedKey != null) {
                    writeBatch.put(db.appliedLogIndex(), appliedKey, appliedValue);
                }
            }
        }, bytes, false);
    }

    /** Refuses a write staged after its topic's deletion in the same group. Writer thread. */
    private void refuseIfDeleted(TopicIdPartition partition) {
        if (deletedTopics.contains(partition.topicId())) {
            throw new GroupCommitWriter.RefusedWrite("Partition " + partition + " was deleted with its topic");
        }
    }

    /** An append's write: its batches to the segment files and their index entries, then what else it writes. */
    private abstract class Appending implements GroupCommitWriter.StagedWrite {
        private final TopicIdPartition partition;
        private final List<RecordBatch> batches;
        private final long logIndex;
        private final List<BatchPlace> places;
        private PartitionSegments staged;

        Appending(TopicIdPartition partition, List<RecordBatch> batches, long logIndex) {
            this.partition = partition;
            this.batches = batches;
            this.logIndex = logIndex;
            this.places = new ArrayList<>(batches.size());
        }

        @Override
        public final void stage(Database db, WriteBatch writeBatch, Set<SegmentFile> written)
                throws RocksDBException, IOException {
            refuseIfDeleted(partition);
            staged = segmentsOf(partition);
            for (RecordBatch batch : batches) {
                BatchPlace place = staged.stageAppend(batch.bytes(), batch.baseOffset(), batch.nextOffset(),
                        batch.maxTimestamp(), logIndex, written);
                places.add(place);
                writeBatch.put(db.batchIndex(), Keys.key(partition, batch.baseOffset()), place.encode(batch.baseOffset()));
            }
            stageTheRest(db, writeBatch);
        }

        abstract void stageTheRest(Database db, WriteBatch writeBatch) throws RocksDBException;

        @Override
        public final void committed() {
            staged.committed(places, List.of());
        }

        @Override
        public final void failed() {
            if (staged != null) {
                staged.failed();
            }
        }
    }

    /**
     * Reads with the partition's index scan left open by its previous read, if there is one (see {@link IdleScans}),
     * and leaves it open for the next. The batches are read from their segment files straight into the pool's direct
     * memory, which the slice holds until it is released: one file read per run of batches lying back to back.
     */
    @Override
    public CompletableFuture<LogSlice> read(TopicIdPartition partition, long fromOffset, long maxOffset,
                                            ReadLimit limit) {
        return readLocated(partition, fromOffset, maxOffset, limit, this::readBatches);
    }

    /**
     * Finds the batches as {@link #read} does, then leaves them in their segment files: the slice holds each run of
     * batches lying back to back as a stretch of its file, which the file's reference keeps readable until the slice
     * is released, and each stretch read into the page cache ({@link PageCacheWarmer}), so that sending it does not
     * wait for the disk. A read whose runs hold less than the store's minimum on average ({@link #MIN_UNREAD_BYTES} but
     * in tests; a small read, or one through a file the cleaner left gaps in) is read into memory as {@link #read}
     * does.
     */
    @Override
    public CompletableFuture<LogSlice> readToSend(TopicIdPartition partition, long fromOffset, long maxOffset,
                                                  ReadLimit limit) {
        return readLocated(partition, fromOffset, maxOffset, limit, (files, located) -> {
            List<Run> runs = runsOf(located, Integer.MAX_VALUE);
            long bytes = runs.stream().mapToLong(Run::bytes).sum();
            return runs.isEmpty() || bytes < minUnreadBytes * (long) runs.size()
                    ? readBatches(files, located) : leaveInFiles(files, located, runs);
        });
    }

    /** How a read takes the batches it located: empty if a file was gone, the batches moved since. */
    @FunctionalInterface
    private interface SliceTaking {
        Optional<LogSlice> take(PartitionSegments files, List<Located> located);
    }

    private CompletableFuture<LogSlice> readLocated(TopicIdPartition partition, long fromOffset, long maxOffset,
                                                    ReadLimit limit, SliceTaking taking) {
        return onReader(partition, db -> {
            for (int attempt = 1; ; attempt++) {
                PartitionSegments files = segmentsOf(partition);
                IdleScans.Taken taken = idleScans.take(db, partition);
                List<Located> located;
                try {
                    located = locate(taken.scan(), fromOffset, maxOffset, limit);
                } catch (RuntimeException e) {
                    taken.scan().close();
                    throw e;
                }
                idleScans.giveBack(taken);
                Optional<LogSlice> slice = taking.take(files, located);
                if (slice.isPresent()) {
                    return slice.get();
                }
                if (attempt == READ_ATTEMPTS) {
                    throw new KafkaStorageException("Reading " + partition + " from offset " + fromOffset
                            + " kept finding its segment files gone");
                }
            }
        });
    }

    /** A batch the index names, by base offset. */
    private record Located(long baseOffset, BatchPlace place) {
    }

    /**
     * The index entries of the batches the read takes: from the batch holding {@code fromOffset}, while the limit
     * admits them. A batch that ends before {@code fromOffset} (the one before a gap cleaning left) does not count.
     */
    private static List<Located> locate(PartitionScan scan, long fromOffset, long maxOffset, ReadLimit limit) {
        List<Located> located = new ArrayList<>();
        long bytes = 0;
        for (scan.seekBatchHolding(fromOffset); scan.isValid() && scan.keyValue() < maxOffset; scan.next()) {
            long baseOffset = scan.keyValue();
            BatchPlace place = BatchPlace.decode(baseOffset, scan.value());
            if (place.nextOffset() <= fromOffset) {
                continue;
            }
            if (!limit.admits(bytes, place.sizeInBytes())) {
                break;
            }
            located.add(new Located(baseOffset, place));
            bytes += place.sizeInBytes();
        }
        return located;
    }

    /**
     * Reads the located batches into the pool's memory, each run lying back to back in one file (and fitting in one
     * pooled chunk) with one read. Empty if a file was gone: the batches moved since the index was read.
     */
    private Optional<LogSlice> readBatches(PartitionSegments files, List<Located> located) {
        SliceMemory memory = new SliceMemory(readBuffers);
        try {
            Optional<LogSlice> slice = readBatches(files, located, memory);
            if (slice.isEmpty()) {
                memory.abandon();
            }
            return slice;
        } catch (RuntimeException e) {
            memory.abandon();
            throw e;
        }
    }

    private Optional<LogSlice> readBatches(PartitionSegments files, List<Located> located, SliceMemory memory) {
        List<RecordBatch> batches = new ArrayList<>(located.size());
        for (Run run : runsOf(located, readBuffers.chunkBytes())) {
            ByteBuffer bytes = memory.lend(run.bytes());
            if (!readFrom(files, located.get(run.first()).place(), bytes.duplicate())) {
                return Optional.empty();
            }
            int at = 0;
            for (int i = run.first(); i < run.end(); i++) {
                int size = located.get(i).place().sizeInBytes();
                batches.add(RecordBatch.wrap(bytes.slice(at, size)));
                at += size;
            }
        }
        return Optional.of(memory.slice(batches));
    }

    /**
     * The located batches as stretches of their files, one per run lying back to back, each holding its file until
     * the slice is released. Empty if a file was gone: the batches moved since the index was read.
     */
    private Optional<LogSlice> leaveInFiles(PartitionSegments files, List<Located> located, List<Run> runs) {
        List<FileStretch> stretches = new ArrayList<>(runs.size());
        for (Run run : runs) {
            BatchPlace start = located.get(run.first()).place();
            Optional<SegmentFile> file = files.retain(start);
            if (file.isEmpty()) {
                stretches.forEach(FileStretch::release);
                return Optional.empty();
            }
            stretches.add(new FileStretch(file.get(), start.position(), run.bytes()));
            try {
                warmer.warm(file.get(), start.position(), run.bytes());
            } catch (IOException e) {
                stretches.forEach(FileStretch::release);
                throw new KafkaStorageException("Reading " + run.bytes() + " bytes at " + start.position() + " of "
                        + file.get() + " failed: " + e, e);
            }
        }
        List<FileStretch> held = List.copyOf(stretches);
        long nextOffset = located.get(located.size() - 1).place().nextOffset();
        return Optional.of(LogSlice.unread(List.<UnreadBytes>copyOf(held), nextOffset,
                () -> held.forEach(FileStretch::release)));
    }

    /** Located batches {@code first} to {@code end} (excluded), lying back to back in one file: {@code bytes} long. */
    private record Run(int first, int end, int bytes) {
    }

    /** The runs of batches lying back to back in one file the located batches make, each at most {@code maxBytes}. */
    private static List<Run> runsOf(List<Located> located, int maxBytes) {
        List<Run> runs = new ArrayList<>();
        int first = 0;
        while (first < located.size()) {
            int end = first + 1;
            int runBytes = located.get(first).place().sizeInBytes();
            while (end < located.size()
                    && located.get(end - 1).place().continuedBy(located.get(end).place())
                    && (long) runBytes + located.get(end).place().sizeInBytes() <= maxBytes) {
                runBytes += located.get(end).place().sizeInBytes();
                end++;
            }
            runs.add(new Run(first, end, runBytes));
            first = end;
        }
        return runs;
    }

    /** One batch, read to the heap: for the lookups by timestamp. Empty if its file was gone. */
    static Optional<RecordBatch> readToHeap(PartitionSegments files, BatchPlace place) {
        ByteBuffer bytes = ByteBuffer.allocate(place.sizeInBytes());
        return readFrom(files, place, bytes.duplicate()) ? Optional.of(RecordBatch.wrap(bytes)) : Optional.empty();
    }

    /**
     * Fills {@code target} from the file {@code start} names, from where it lies on, holding the file meanwhile.
     *
     * @return false if the file is gone (its batches were deleted or moved since the index was read)
     */
    private static boolean readFrom(PartitionSegments files, BatchPlace start, ByteBuffer target) {
        Optional<SegmentFile> file = files.retain(start);
        if (file.isEmpty()) {
            return false;
        }
        try {
            file.get().read(target, start.position());
        } catch (IOException e) {
            throw new KafkaStorageException("Reading " + target.remaining() + " bytes at " + start.position() + " of "
                    + file.get() + " failed: " + e, e);
        } finally {
            file.get().release();
        }
        return true;
    }

    /**
     * Walks the partition's index from its start (the index holds each batch's max timestamp), then reads the one
     * batch found.
     */
    @Override
    public CompletableFuture<Optional<RecordBatch>> findFirstBatchWithTimestampAtLeast(TopicIdPartition partition,
                                                                                      long timestamp, long maxOffset) {
        return findInIndex(partition, maxOffset, (found, place) -> found == null && place.maxTimestamp() >= timestamp);
    }

    /** Like {@link #findFirstBatchWithTimestampAtLeast}: the index only, then the one batch found. */
    @Override
    public CompletableFuture<Optional<RecordBatch>> findBatchWithMaxTimestamp(TopicIdPartition partition,
                                                                             long maxOffset) {
        return findInIndex(partition, maxOffset,
                (found, place) -> found == null || place.maxTimestamp() > found.maxTimestamp());
    }

    /** Which batch a walk through the index keeps: given the one kept so far (or null), whether this one replaces it. */
    @FunctionalInterface
    private interface Choice {
        boolean prefers(BatchPlace found, BatchPlace place);
    }

    private CompletableFuture<Optional<RecordBatch>> findInIndex(TopicIdPartition partition, long maxOffset,
                                                                 Choice choice) {
        return onReader(partition, db -> {
            for (int attempt = 1; ; attempt++) {
                PartitionSegments files = segmentsOf(partition);
                BatchPlace found = null;
                try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition, false).seekToFirst()) {
                    for (; scan.isValid() && scan.keyValue() < maxOffset; scan.next()) {
                        BatchPlace place = BatchPlace.decode(scan.keyValue(), scan.value());
                        if (choice.prefers(found, place)) {
                            found = place;
                        }
                    }
                }
                if (found == null) {
                    return Optional.<RecordBatch>empty();
                }
                Optional<RecordBatch> batch = readToHeap(files, found);
                if (batch.isPresent()) {
                    return batch;
                }
                if (attempt == READ_ATTEMPTS) {
                    throw new KafkaStorageException("Reading a batch of " + partition
                            + " kept finding its segment file gone");
                }
            }
        });
    }

    /** Walks the partition's index: the headers are in it, no batch is read. */
    @Override
    public CompletableFuture<List<BatchHeader>> batchHeaders(TopicIdPartition partition, long maxOffset) {
        return onReader(partition, db -> {
            List<BatchHeader> headers = new ArrayList<>();
            try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition, false).seekToFirst()) {
                for (; scan.isValid() && scan.keyValue() < maxOffset; scan.next()) {
                    headers.add(BatchPlace.decode(scan.keyValue(), scan.value()).header(scan.keyValue()));
                }
            }
            return headers;
        });
    }

    /**
     * Finds, on a reader, where the batches wholly below {@code newLogStartOffset} end; then writes, in one synced
     * write through the writer, a range delete of their index entries and the new log start offset. Segment files
     * left holding no batch the index names are deleted after that write (synced, so that no index entry naming them
     * comes back after a power cut), and the scan left open on the partition is closed. The offset is merged with
     * RocksDB's {@code max} operator, so of deletions that overtake each other the greatest offset wins; a smaller
     * one's range delete only covers batches already gone. A partition holding nothing (never appended to, or its topic
     * deleted) is left alone.
     */
    @Override
    public CompletableFuture<Void> deleteBefore(TopicIdPartition partition, long newLogStartOffset) {
        return onReader(partition, db -> batchesEndBelow(db, partition, newLogStartOffset))
                .thenCompose(end -> end.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
                        : writeLogStartOffset(partition, newLogStartOffset, end.get()));
    }

    /**
     * The key before which every batch lies wholly below {@code newLogStartOffset}: the key of the batch
     * holding that offset, or the offset's own key if no batch holds it. Empty if the offset is no advance.
     */
    private static Optional<byte[]> batchesEndBelow(Database db, TopicIdPartition partition, long newLogStartOffset)
            throws RocksDBException {
        long storedStart = storedLogStartOffset(db, partition);
        try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition)) {
            boolean empty = !scan.seekToFirst().isValid();
            if (empty && storedStart < 0) {
                return Optional.empty();
            }
            long currentStart = empty || storedStart >= 0 ? storedStart : scan.keyValue();
            if (newLogStartOffset <= currentStart) {
                return Optional.empty();
            }
            scan.seekFloor(newLogStartOffset);
            if (scan.isValid() && scan.keyValue() <= newLogStartOffset
                    && BatchPlace.decode(scan.keyValue(), scan.value()).nextOffset() > newLogStartOffset) {
                return Optional.of(Keys.key(partition, scan.keyValue()));
            }
            return Optional.of(Keys.key(partition, newLogStartOffset));
        }
    }

    private CompletableFuture<Void> writeLogStartOffset(TopicIdPartition partition, long newLogStartOffset,
                                                        byte[] batchesEnd) {
        byte[] prefix = Keys.partitionPrefix(partition);
        byte[] offset = ByteBuffer.allocate(Long.BYTES).putLong(newLogStartOffset).array();
        // an aborted transaction is kept while its marker (the last offset, its key) is at or above the start
        byte[] abortedEnd = Keys.key(partition, newLogStartOffset);
        return writer.submit(new GroupCommitWriter.StagedWrite() {
            private final List<BatchPlace> deleted = new ArrayList<>();
            private PartitionSegments files;

            @Override
            public void stage(Database db, WriteBatch writeBatch, Set<SegmentFile> written) throws RocksDBException {
                refuseIfDeleted(partition);
                files = segmentsOf(partition);
                try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition, false).seekToFirst()) {
                    for (; scan.isValid() && Arrays.compareUnsigned(Keys.key(partition, scan.keyValue()), batchesEnd) < 0;
                         scan.next()) {
                        if (files.unnameInGroup(scan.keyValue())) {
                            deleted.add(BatchPlace.decode(scan.keyValue(), scan.value()));
                        }
                    }
                }
                writeBatch.deleteRange(db.batchIndex(), prefix, batchesEnd);
                writeBatch.deleteRange(db.abortedTransactions(), prefix, abortedEnd);
                writeBatch.merge(db.logStartOffset(), prefix, offset);
            }

            @Override
            public void committed() {
                files.committed(List.of(), deleted);
            }

            @Override
            public void failed() {
            }
        }, 3 * prefix.length + batchesEnd.length + abortedEnd.length + offset.length, true)
                .thenRun(() -> idleScans.forget(partition));
    }

    /**
     * One write through the writer: the partition's producer states and aborted transactions replaced by the
     * copied ones, its log index, and a merge of the copied log start offset (a merge keeps the larger).
     */
    @Override
    public CompletableFuture<Void> completeCopy(TopicIdPartition partition, StoredLogState copied) {
        byte[] prefix = Keys.partitionPrefix(partition);
        byte[] end = Keys.partitionEnd(partition);
        List<byte[]> producerKeys = new ArrayList<>();
        List<byte[]> producerValues = new ArrayList<>();
        for (ProducerStateEntry state : copied.producerStates()) {
            producerKeys.add(Keys.key(partition, state.producerId()));
            producerValues.add(ProducerStateCodec.encode(state));
        }
        List<byte[]> abortedKeys = new ArrayList<>();
        List<byte[]> abortedValues = new ArrayList<>();
        for (AbortedTransaction transaction : copied.abortedTransactions()) {
            abortedKeys.add(Keys.key(partition, transaction.lastOffset()));
            abortedValues.add(AbortedTransactionCodec.encode(transaction));
        }
        byte[] start = ByteBuffer.allocate(Long.BYTES).putLong(copied.logStartOffset()).array();
        byte[] applied = copied.appliedLogIndex() == NO_LOG_INDEX ? null
                : ByteBuffer.allocate(Long.BYTES).putLong(copied.appliedLogIndex()).array();
        int bytes = 4 * (prefix.length + end.length) + start.length
                + producerValues.stream().mapToInt(value -> Keys.KEY_LENGTH + value.length).sum()
                + abortedValues.stream().mapToInt(value -> Keys.KEY_LENGTH + value.length).sum();
        return writer.submit((db, writeBatch) -> {
            writeBatch.deleteRange(db.producerState(), prefix, end);
            writeBatch.deleteRange(db.abortedTransactions(), prefix, end);
            for (int i = 0; i < producerKeys.size(); i++) {
                writeBatch.put(db.producerState(), producerKeys.get(i), producerValues.get(i));
            }
            for (int i = 0; i < abortedKeys.size(); i++) {
                writeBatch.put(db.abortedTransactions(), abortedKeys.get(i), abortedValues.get(i));
            }
            writeBatch.merge(db.logStartOffset(), prefix, start);
            if (applied != null) {
                writeBatch.put(db.appliedLogIndex(), prefix, applied);
            }
        }, bytes, false).thenRun(() -> idleScans.forget(partition));
    }

    /** Rewrites the cleaned batches in place of those they replace ({@link BatchRewrites#replace}). */
    @Override
    public CompletableFuture<Void> replaceBatches(TopicIdPartition partition, List<CleanedBatch> cleaned) {
        return rewrites.replace(partition, cleaned);
    }

    /** The log index written with the partition's latest append that carried one, or {@link #NO_LOG_INDEX}. */
    private static long storedAppliedLogIndex(Database db, TopicIdPartition partition) throws RocksDBException {
        byte[] value = db.db().get(db.appliedLogIndex(), Keys.partitionPrefix(partition));
        return value == null ? NO_LOG_INDEX : ByteBuffer.wrap(value).getLong();
    }

    /** The log start offset last set for the partition, or -1 if it was never moved. */
    static long storedLogStartOffset(Database db, TopicIdPartition partition) throws RocksDBException {
        byte[] value = db.db().get(db.logStartOffset(), Keys.partitionPrefix(partition));
        return value == null ? -1 : ByteBuffer.wrap(value).getLong();
    }

    /**
     * Range-deletes the topic's keys in every per-partition column family in one synced write, then deletes its
     * partitions' segment files and directories, closes the scans left open on them and has the range compacted in
     * the background so that the space the index took comes back.
     */
    @Override
    public CompletableFuture<Void> deleteTopic(TopicId topicId) {
        byte[] start = Keys.topicStart(topicId);
        byte[] end = Keys.topicEnd(topicId);
        return writer.submit(new GroupCommitWriter.StagedWrite() {
            @Override
            public void stage(Database db, WriteBatch writeBatch, Set<SegmentFile> written) throws RocksDBException {
                deletedTopics.add(topicId);
                writeBatch.deleteRange(db.batchIndex(), start, end);
                writeBatch.deleteRange(db.producerState(), start, end);
                writeBatch.deleteRange(db.logStartOffset(), start, end);
                writeBatch.deleteRange(db.appliedLogIndex(), start, end);
                writeBatch.deleteRange(db.abortedTransactions(), start, end);
                writeBatch.deleteRange(db.cleanerCheckpoint(), start, end);
            }

            @Override
            public void committed() {
                deletedTopics.remove(topicId);
                deleteSegmentFiles(topicId);
            }

            @Override
            public void failed() {
                deletedTopics.remove(topicId);
            }
        }, 6 * (start.length + end.length), true).thenRun(() -> {
            idleScans.forget(topicId);
            compactor.compactLater(topicId);
        });
    }

    /**
     * Deletes the segment files of every partition of the topic, open or not. Writer thread, or while opening. A file or
     * directory that cannot be deleted is logged and left: the next start deletes what no index entry names.
     */
    private void deleteSegmentFiles(TopicId topicId) {
        for (LogKey partition : List.copyOf(segments.keySet())) {
            if (partition.topicId().equals(topicId)) {
                PartitionSegments removed = segments.remove(partition);
                if (removed != null) {
                    removed.deleteAll();
                }
            }
        }
        directories.deleteTopic(topicId);
    }

    /**
     * Deletes the segment directories of partitions without a single index entry: left by a topic deletion cut short
     * after its index entries were deleted, or by appends whose write never completed. Called while opening, before
     * any partition is.
     */
    void deleteUnindexedSegmentDirectories() throws RocksDBException {
        for (Path partitionDirectory : directories.list()) {
            Optional<TopicIdPartition> partition = SegmentDirectories.partitionOf(partitionDirectory);
            boolean indexed = partition.isPresent() && database.access(db -> {
                try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition.get(), false)) {
                    return scan.seekToFirst().isValid();
                }
            });
            if (!indexed) {
                SegmentDirectories.delete(partitionDirectory);
            }
        }
    }

    /**
     * The bytes of the partition's segment files up to the last batch named in each: what its batches take on the
     * disk, gaps left by cleaning included, as Kafka reports its segment files' sizes.
     */
    @Override
    public CompletableFuture<Long> sizeInBytes(TopicIdPartition partition) {
        return onReader(partition, db -> segmentsOf(partition).sizeInBytes());
    }

    /** The data directory, and the size and free space of the file system it is on (unknown if unreadable). */
    @Override
    public LogDirectory logDirectory() {
        try {
            FileStore volume = Files.getFileStore(directory);
            return new LogDirectory(directory.toString(), volume.getTotalSpace(), volume.getUsableSpace());
        } catch (IOException e) {
            return new LogDirectory(directory.toString(), LogDirectory.UNKNOWN_BYTES, LogDirectory.UNKNOWN_BYTES);
        }
    }

    /** The pool reads copy batches into, see {@link ReadBufferPool}. */
    @Override
    public ReadBufferUsage readBufferUsage() {
        return readBuffers.usage();
    }

    /**
     * Asks RocksDB with an empty write queued behind every write before it (refused while its error lasts), and the
     * segment files' volume whether it has room for a batch as large as a producer sends by default.
     */
    @Override
    public CompletableFuture<Boolean> checkWritable() {
        return writer.checkWritable().thenApply(writable -> writable && volumeHasRoom());
    }

    private boolean volumeHasRoom() {
        try {
            return Files.getFileStore(directory).getUsableSpace() >= ROOM_FOR_AN_APPEND;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Forces RocksDB's write-ahead log, after the writes queued before; being a synced group, it forces first every
     * segment file written since it was last forced (with {@code --fsync=always} every group forced its own already).
     */
    @Override
    public CompletableFuture<Void> sync() {
        return writer.syncWal();
    }

    /**
     * The IDs of every topic with batch index entries, producer states, log start offsets, aborted transactions or cleaner
     * checkpoints stored: one seek per topic, skipping over the rest of its keys.
     */
    Set<TopicId> storedTopicIds() throws RocksDBException {
        return database.access(db -> {
            Set<TopicId> ids = new HashSet<>();
            for (ColumnFamilyHandle family : List.of(db.batchIndex(), db.producerState(), db.logStartOffset(),
                    db.abortedTransactions(), db.cleanerCheckpoint())) {
                try (RocksIterator iterator = db.db().newIterator(family)) {
                    for (iterator.seekToFirst(); iterator.isValid(); ) {
                        TopicId id = Keys.topicIdOf(iterator.key());
                        ids.add(id);
                        iterator.seek(Keys.topicEnd(id));
                    }
                }
            }
            return ids;
        });
    }

    /** The segment files written since they were last forced. */
    List<SegmentFile> unforcedFiles() {
        List<SegmentFile> unforced = new ArrayList<>();
        segments.values().forEach(partition -> partition.collectUnforced(unforced));
        return unforced;
    }

    /**
     * Forces every segment file written since it was last forced, then closes it once no read holds it: the storage
     * closes, and RocksDB's memtables, flushed as it closes, may name their last batches.
     */
    void closeSegmentFiles() {
        closed = true;
        for (PartitionSegments partition : segments.values()) {
            try {
                partition.forceFiles();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "Forcing the segment files in " + partition.directory()
                        + " failed as the storage closed: " + e);
            }
            partition.closeFiles();
        }
        segments.clear();
        warmer.close();
    }

    private <T> CompletableFuture<T> onReader(TopicIdPartition partition, Database.Operation<T> read) {
        try {
            return CompletableFuture.supplyAsync(() -> guarded(partition, () -> database.access(read)), readers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new KafkaStorageException("RocksDB storage is closed", e));
        }
    }

    private static <T> T guarded(TopicIdPartition partition, StorageCall<T> call) {
        try {
            return call.run();
        } catch (RocksDBException e) {
            throw new KafkaStorageException("Reading partition " + partition + " from RocksDB failed: "
                    + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface StorageCall<T> {
        T run() throws RocksDBException;
    }
}
