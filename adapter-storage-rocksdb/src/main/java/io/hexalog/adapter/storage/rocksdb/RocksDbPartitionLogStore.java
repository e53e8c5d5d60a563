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
import io.hexalog.domain.partition.AbortedTransaction;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Range;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Partition logs in RocksDB: one key per batch in the {@code batches} column family, keyed by partition
 * and base offset, one key per producer in {@code producer_state}, per partition whose log start
 * offset was moved one key in {@code log_start_offset}, per partition appended to through a replicated log one
 * key in {@code applied_log_index}, written in the same write as the append, and one key per aborted transaction
 * in {@code aborted_transactions}, keyed by partition and the offset of its abort marker. Appends and deletions go
 * through the {@link GroupCommitWriter}; reads run on the read executor. Layout and durability are described in
 * {@code docs/storage.md}.
 */
final class RocksDbPartitionLogStore implements PartitionLogStore {

    private final Database database;
    private final GroupCommitWriter writer;
    private final Executor readers;
    private final TopicCompactor compactor;
    private final IdleScans idleScans;
    private final ReadBufferPool readBuffers;
    private final Path directory;

    RocksDbPartitionLogStore(Database database, GroupCommitWriter writer, Executor readers,
                             TopicCompactor compactor, IdleScans idleScans, ReadBufferPool readBuffers,
                             Path directory) {
        this.readBuffers = readBuffers;
        this.directory = directory;
        this.idleScans = idleScans;
        this.database = database;
        this.writer = writer;
        this.readers = readers;
        this.compactor = compactor;
    }

    /**
     * Reads the partition's stored log start offset, first and last batch keys and its producer states: a
     * few seeks, on the caller.
     */
    @Override
    public StoredLogState open(TopicIdPartition partition) {
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
            try (PartitionScan scan = new PartitionScan(db, db.batches(), partition)) {
                if (!scan.seekToFirst().isValid()) {
                    // Only deleting every batch empties a log that was appended to: it then starts where it ended.
                    long offset = Math.max(storedStart, 0);
                    return new StoredLogState(offset, offset, producers, appliedLogIndex, aborted);
                }
                // a stored log start is the log's start, also when cleaning removed the batch holding it
                long logStartOffset = storedStart >= 0 ? storedStart : scan.keyValue();
                long logEndOffset = scan.seekToLast().header().nextOffset();
                return new StoredLogState(logStartOffset, logEndOffset, producers, appliedLogIndex, aborted);
            }
        }));
    }

    /**
     * Copies the batches and producer states into a mutation on the caller's thread (the caller's buffers
     * may be reused once this returns a future) and hands it to the writer.
     */
    @Override
    public CompletableFuture<Void> append(TopicIdPartition partition, List<RecordBatch> batches,
                                         List<ProducerStateEntry> producerStates, long logIndex) {
        List<byte[]> keys = new ArrayList<>(batches.size() + producerStates.size());
        List<byte[]> values = new ArrayList<>(batches.size() + producerStates.size());
        int bytes = 0;
        for (RecordBatch batch : batches) {
            byte[] value = new byte[batch.sizeInBytes()];
            batch.bytes().get(value);
            keys.add(Keys.key(partition, batch.baseOffset()));
            values.add(value);
            bytes += Keys.KEY_LENGTH + value.length;
        }
        int batchCount = batches.size();
        for (ProducerStateEntry state : producerStates) {
            byte[] value = ProducerStateCodec.encode(state);
            keys.add(Keys.key(partition, state.producerId()));
            values.add(value);
            bytes += Keys.KEY_LENGTH + value.length;
        }
        byte[] appliedKey = logIndex == NO_LOG_INDEX ? null : Keys.partitionPrefix(partition);
        byte[] appliedValue = logIndex == NO_LOG_INDEX ? null : ByteBuffer.allocate(Long.BYTES).putLong(logIndex).array();
        if (appliedKey != null) {
            bytes += appliedKey.length + appliedValue.length;
        }
        return writer.submit((db, writeBatch) -> {
            for (int i = 0; i < keys.size(); i++) {
                writeBatch.put(i < batchCount ? db.batches() : db.producerState(), keys.get(i), values.get(i));
            }
            if (appliedKey != null) {
                writeBatch.put(db.appliedLogIndex(), appliedKey, appliedValue);
            }
        }, bytes, false);
    }

    /** Like {@link #append}, with the aborted transaction, if any, in the same write. */
    @Override
    public CompletableFuture<Void> appendTransactionMarker(TopicIdPartition partition, RecordBatch marker,
                                                           ProducerStateEntry producerState,
                                                           Optional<AbortedTransaction> aborted, long logIndex) {
        byte[] markerValue = new byte[marker.sizeInBytes()];
        marker.bytes().get(markerValue);
        byte[] markerKey = Keys.key(partition, marker.baseOffset());
        byte[] producerKey = Keys.key(partition, producerState.producerId());
        byte[] producerValue = ProducerStateCodec.encode(producerState);
        byte[] abortedKey = aborted.map(transaction -> Keys.key(partition, transaction.lastOffset())).orElse(null);
        byte[] abortedValue = aborted.map(AbortedTransactionCodec::encode).orElse(null);
        byte[] appliedKey = logIndex == NO_LOG_INDEX ? null : Keys.partitionPrefix(partition);
        byte[] appliedValue = logIndex == NO_LOG_INDEX ? null : ByteBuffer.allocate(Long.BYTES).putLong(logIndex).array();
        int bytes = 2 * Keys.KEY_LENGTH + markerValue.length + producerValue.length
                + (abortedKey == null ? 0 : Keys.KEY_LENGTH + abortedValue.length)
                + (appliedKey == null ? 0 : appliedKey.length + appliedValue.length);
        return writer.submit((db, writeBatch) -> {
            writeBatch.put(db.batches(), markerKey, markerValue);
            writeBatch.put(db.producerState(), producerKey, producerValue);
            if (abortedKey != null) {
                writeBatch.put(db.abortedTransactions(), abortedKey, abortedValue);
            }
            if (appliedKey != null) {
                writeBatch.put(db.appliedLogIndex(), appliedKey, appliedValue);
            }
        }, bytes, false);
    }

    /**
     * Reads with the partition's scan left open by its previous read, if there is one (see {@link IdleScans}),
     * and leaves it open for the next. The batches are copied straight from RocksDB into the pool's direct
     * memory, which the slice holds until it is released.
     */
    @Override
    public CompletableFuture<LogSlice> read(TopicIdPartition partition, long fromOffset, long maxOffset,
                                            ReadLimit limit) {
        return onReader(partition, db -> {
            IdleScans.Taken taken = idleScans.take(db, partition);
            SliceMemory memory = new SliceMemory(readBuffers);
            LogSlice slice;
            try {
                slice = readBatches(taken.scan(), memory, fromOffset, maxOffset, limit);
            } catch (RuntimeException e) {
                memory.abandon();
                taken.scan().close();
                throw e;
            }
            idleScans.giveBack(taken);
            return slice;
        });
    }

    /**
     * Copies only the batches the read takes: the limit is asked with the value's size before its bytes are
     * copied. The first batch is copied whatever its size, since it may be one that ends before
     * {@code fromOffset} and does not count.
     */
    private static LogSlice readBatches(PartitionScan scan, SliceMemory memory, long fromOffset, long maxOffset,
                                        ReadLimit limit) {
        List<RecordBatch> batches = new ArrayList<>();
        long bytes = 0;
        boolean first = true;
        for (scan.seekBatchHolding(fromOffset); scan.isValid() && scan.keyValue() < maxOffset; scan.next()) {
            int size = scan.valueSize();
            if (!first && !limit.admits(bytes, size)) {
                break;
            }
            first = false;
            RecordBatch batch = memory.copy(scan, size);
            if (batch.nextOffset() <= fromOffset) {
                continue;
            }
            if (!limit.admits(bytes, batch.sizeInBytes())) {
                break;
            }
            batches.add(batch);
            bytes += batch.sizeInBytes();
        }
        return memory.slice(batches);
    }

    /**
     * Scans the partition's batch headers from its start (a lookup by timestamp is rare and has no index yet),
     * copying only the header of each batch and the whole of the one found, without filling the block cache.
     */
    @Override
    public CompletableFuture<Optional<RecordBatch>> findFirstBatchWithTimestampAtLeast(TopicIdPartition partition,
                                                                                      long timestamp, long maxOffset) {
        return onReader(partition, db -> {
            try (PartitionScan scan = new PartitionScan(db, db.batches(), partition, false).seekToFirst()) {
                for (; scan.isValid() && scan.keyValue() < maxOffset; scan.next()) {
                    if (scan.header().maxTimestamp() >= timestamp) {
                        return Optional.of(scan.batch());
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** Like {@link #findFirstBatchWithTimestampAtLeast}: headers only, then the one batch found. */
    @Override
    public CompletableFuture<Optional<RecordBatch>> findBatchWithMaxTimestamp(TopicIdPartition partition,
                                                                             long maxOffset) {
        return onReader(partition, db -> {
            try (PartitionScan scan = new PartitionScan(db, db.batches(), partition, false).seekToFirst()) {
                BatchHeader found = null;
                for (; scan.isValid() && scan.keyValue() < maxOffset; scan.next()) {
                    BatchHeader header = scan.header();
                    if (found == null || header.maxTimestamp() > found.maxTimestamp()) {
                        found = header;
                    }
                }
                return found == null ? Optional.<RecordBatch>empty()
                        : Optional.of(scan.seekFloor(found.baseOffset()).batch());
            }
        });
    }

    /** Walks the partition's batches copying only their headers, without filling the block cache. */
    @Override
    public CompletableFuture<List<BatchHeader>> batchHeaders(TopicIdPartition partition, long maxOffset) {
        return onReader(partition, db -> {
            List<BatchHeader> headers = new ArrayList<>();
            try (PartitionScan scan = new PartitionScan(db, db.batches(), partition, false).seekToFirst()) {
                for (; scan.isValid() && scan.keyValue() < maxOffset; scan.next()) {
                    headers.add(scan.header());
                }
            }
            return headers;
        });
    }

    /**
     * Finds, on a reader, where the batches wholly below {@code newLogStartOffset} end; then writes, in one
     * write through the writer, a range delete of them and the new log start offset, and closes the scan left
     * open on the partition so that it does not keep the deleted batches' files. The offset is merged
     * with RocksDB's {@code max} operator, so of deletions that overtake each other the greatest offset
     * wins; a smaller one's range delete only covers batches already gone. A partition holding nothing
     * (never appended to, or its topic deleted) is left alone.
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
        try (PartitionScan scan = new PartitionScan(db, db.batches(), partition)) {
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
                    && scan.header().nextOffset() > newLogStartOffset) {
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
        return writer.submit((db, writeBatch) -> {
            writeBatch.deleteRange(db.batches(), prefix, batchesEnd);
            writeBatch.deleteRange(db.abortedTransactions(), prefix, abortedEnd);
            writeBatch.merge(db.logStartOffset(), prefix, offset);
        }, 3 * prefix.length + batchesEnd.length + abortedEnd.length + offset.length, false)
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

    /**
     * Copies the cleaned batches on the caller's thread, finds on a reader which of the batches they replace are
     * still stored above the log start offset, and then writes, in one write through the writer: a put of each
     * cleaned batch over the key of the batch it replaces, a delete of each batch removed, a delete of the aborted
     * transaction whose marker is removed or emptied ({@link CleanedBatch#leavesNoMarker}), and a merge of the
     * current log start offset, so that it stays where it was when the first batch goes. The caller keeps log start
     * offset changes of the partition from running at the same time.
     */
    @Override
    public CompletableFuture<Void> replaceBatches(TopicIdPartition partition, List<CleanedBatch> cleaned) {
        List<byte[]> values = new ArrayList<>(cleaned.size());
        for (CleanedBatch batch : cleaned) {
            values.add(batch.replacement().map(replacement -> {
                byte[] value = new byte[replacement.sizeInBytes()];
                replacement.bytes().get(value);
                return value;
            }).orElse(null));
        }
        return onReader(partition, db -> stillStored(db, partition, cleaned)).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            byte[] prefix = Keys.partitionPrefix(partition);
            byte[] start = ByteBuffer.allocate(Long.BYTES).putLong(found.get().logStartOffset()).array();
            int bytes = prefix.length + start.length;
            for (int i : found.get().indexes()) {
                bytes += (values.get(i) == null ? Keys.KEY_LENGTH : Keys.KEY_LENGTH + values.get(i).length)
                        + (cleaned.get(i).leavesNoMarker() ? Keys.KEY_LENGTH : 0);
            }
            return writer.submit((db, writeBatch) -> {
                writeBatch.merge(db.logStartOffset(), prefix, start);
                for (int i : found.get().indexes()) {
                    byte[] key = Keys.key(partition, cleaned.get(i).baseOffset());
                    if (values.get(i) == null) {
                        writeBatch.delete(db.batches(), key);
                    } else {
                        writeBatch.put(db.batches(), key, values.get(i));
                    }
                    if (cleaned.get(i).leavesNoMarker()) {
                        // an aborted transaction is keyed by its marker's offset, and goes with it
                        writeBatch.delete(db.abortedTransactions(), key);
                    }
                }
            }, bytes, false);
        });
    }

    /** The positions, in {@code cleaned}, of the batches still stored above the log start offset. */
    private record StillStored(long logStartOffset, List<Integer> indexes) {
    }

    private static Optional<StillStored> stillStored(Database db, TopicIdPartition partition,
                                                     List<CleanedBatch> cleaned) throws RocksDBException {
        long storedStart = storedLogStartOffset(db, partition);
        try (PartitionScan scan = new PartitionScan(db, db.batches(), partition, false)) {
            if (!scan.seekToFirst().isValid()) {
                return Optional.empty();
            }
            long start = storedStart >= 0 ? storedStart : scan.keyValue();
            List<Integer> indexes = new ArrayList<>(cleaned.size());
            for (int i = 0; i < cleaned.size(); i++) {
                long baseOffset = cleaned.get(i).baseOffset();
                scan.seekFloor(baseOffset);
                if (scan.isValid() && scan.keyValue() == baseOffset && scan.header().nextOffset() > start) {
                    indexes.add(i);
                }
            }
            return Optional.of(new StillStored(start, indexes));
        }
    }

    /** The log index written with the partition's latest append that carried one, or {@link #NO_LOG_INDEX}. */
    private static long storedAppliedLogIndex(Database db, TopicIdPartition partition) throws RocksDBException {
        byte[] value = db.db().get(db.appliedLogIndex(), Keys.partitionPrefix(partition));
        return value == null ? NO_LOG_INDEX : ByteBuffer.wrap(value).getLong();
    }

    /** The log start offset last set for the partition, or -1 if it was never moved. */
    private static long storedLogStartOffset(Database db, TopicIdPartition partition) throws RocksDBException {
        byte[] value = db.db().get(db.logStartOffset(), Keys.partitionPrefix(partition));
        return value == null ? -1 : ByteBuffer.wrap(value).getLong();
    }

    /**
     * Range-deletes the topic's keys in every per-partition column family in one write, then closes the scans
     * left open on them and has the range compacted in the background so that the space comes back.
     */
    @Override
    public CompletableFuture<Void> deleteTopic(TopicId topicId) {
        byte[] start = Keys.topicStart(topicId);
        byte[] end = Keys.topicEnd(topicId);
        return writer.submit((db, writeBatch) -> {
            writeBatch.deleteRange(db.batches(), start, end);
            writeBatch.deleteRange(db.producerState(), start, end);
            writeBatch.deleteRange(db.logStartOffset(), start, end);
            writeBatch.deleteRange(db.appliedLogIndex(), start, end);
            writeBatch.deleteRange(db.abortedTransactions(), start, end);
            writeBatch.deleteRange(db.cleanerCheckpoint(), start, end);
        }, 6 * (start.length + end.length), false).thenRun(() -> {
            idleScans.forget(topicId);
            compactor.compactLater(topicId);
        });
    }

    /**
     * RocksDB's estimate of the partition's batch keys: the table files' share of the key range and an estimate
     * of what the memtables hold of it, read from RocksDB's metadata without reading the batches.
     */
    @Override
    public CompletableFuture<Long> sizeInBytes(TopicIdPartition partition) {
        return onReader(partition, db -> {
            try (Slice start = new Slice(Keys.partitionPrefix(partition));
                 Slice end = new Slice(Keys.partitionEnd(partition))) {
                long[] sizes = db.db().getApproximateSizes(db.batches(), List.of(new Range(start, end)),
                        SizeApproximationFlag.INCLUDE_FILES, SizeApproximationFlag.INCLUDE_MEMTABLES);
                return sizes[0];
            }
        });
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

    /** Asks RocksDB with an empty write queued behind every write before it: refused while its error lasts. */
    @Override
    public CompletableFuture<Boolean> checkWritable() {
        return writer.checkWritable();
    }

    /** Forces RocksDB's write-ahead log, after the writes queued before (a no-op in effect with fsync always). */
    @Override
    public CompletableFuture<Void> sync() {
        return writer.syncWal();
    }

    /**
     * The IDs of every topic with batches, producer states, log start offsets, aborted transactions or cleaner
     * checkpoints stored: one seek per topic, skipping over the rest of its keys.
     */
    Set<TopicId> storedTopicIds() throws RocksDBException {
        return database.access(db -> {
            Set<TopicId> ids = new HashSet<>();
            for (ColumnFamilyHandle family : List.of(db.batches(), db.producerState(), db.logStartOffset(),
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
