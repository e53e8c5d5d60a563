package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.compaction.CleanedBatch;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Rewrites a partition's stored batches in place of others: the log cleaner's cleaned batches
 * ({@link io.hexalog.application.port.out.PartitionLogStore#replaceBatches}), and the batches still named in a segment
 * file a cleaning left more than half empty, moved to a new file so that the file goes and its space comes back.
 * Either way the new bytes go, back to back, to a segment file of their own, forced before the one synced write that
 * swaps their index entries.
 */
final class BatchRewrites {

    /** What a rewrite needs of the store whose batches it rewrites. */
    interface Store {

        /** Runs {@code read} on one of the store's readers. */
        <T> CompletableFuture<T> onReader(TopicIdPartition partition, Database.Operation<T> read);

        /** Hands a write to the store's writer, synced. */
        CompletableFuture<Void> write(GroupCommitWriter.StagedWrite write, int sizeInBytes);

        /** The partition's segment files. */
        PartitionSegments segmentsOf(TopicIdPartition partition);

        /** Refuses a write staged after the partition's topic was deleted. Writer thread. */
        void refuseIfDeleted(TopicIdPartition partition);

        /** Closes the scans kept open on the partition, which may name batches the rewrite moved. */
        void forgetScans(TopicIdPartition partition);
    }

    private static final System.Logger LOG = System.getLogger(BatchRewrites.class.getName());
    /** How many bytes of a sparse file's batches are moved in one write. */
    private static final long MOVE_CHUNK_BYTES = 16 * 1024 * 1024;

    private final Store store;

    BatchRewrites(Store store) {
        this.store = store;
    }

    /**
     * Copies the cleaned batches on the caller's thread, finds on a reader which of the batches they replace are
     * still stored above the log start offset, and then, on the writer: writes the cleaned batches, back to back, to a
     * new segment file of their own, forces it, and writes in one synced write the index entry of each cleaned batch
     * over that of the batch it replaces, a delete of the entry of each batch removed, a delete of the aborted
     * transaction whose marker is removed or emptied ({@link CleanedBatch#leavesNoMarker}), and a merge of the
     * current log start offset, so that it stays where it was when the first batch goes. A segment file left holding
     * no batch the index names is deleted after that write. The caller keeps log start offset changes of the partition
     * from running at the same time.
     */
    CompletableFuture<Void> replace(TopicIdPartition partition, List<CleanedBatch> cleaned) {
        List<ByteBuffer> values = new ArrayList<>(cleaned.size());
        for (CleanedBatch batch : cleaned) {
            values.add(batch.replacement().map(replacement -> {
                ByteBuffer value = ByteBuffer.allocate(replacement.sizeInBytes());
                value.put(replacement.bytes()).flip();
                return value;
            }).orElse(null));
        }
        return store.onReader(partition, db -> stillStored(db, partition, cleaned)).thenCompose(found -> {
            if (found.isEmpty() || found.get().indexes().isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            List<Rewrite> rewrites = new ArrayList<>();
            int bytes = Keys.PARTITION_PREFIX_LENGTH + Long.BYTES;
            for (int i : found.get().indexes()) {
                rewrites.add(new Rewrite(cleaned.get(i).baseOffset(), null, values.get(i),
                        cleaned.get(i).leavesNoMarker()));
                bytes += 2 * Keys.KEY_LENGTH + BatchPlace.ENCODED_BYTES;
            }
            return store.write(new Rewriting(partition, rewrites, OptionalLong.of(found.get().logStartOffset())),
                    bytes).thenRun(() -> store.forgetScans(partition));
        });
    }

    /**
     * What a rewrite does to one stored batch.
     *
     * @param baseOffset    the batch's base offset
     * @param expectedPlace where the batch must still lie for the rewrite to apply, or null for wherever it lies
     * @param replacement   the bytes that replace it, or null to remove it
     * @param dropsMarker   whether the aborted transaction whose marker it is goes with it
     */
    private record Rewrite(long baseOffset, BatchPlace expectedPlace, ByteBuffer replacement, boolean dropsMarker) {
    }

    /**
     * Batches rewritten in place of stored ones (the cleaner's, or a sparse file's batches moved): the new bytes go,
     * back to back, to a new segment file of their own, forced before the synced write that swaps their index entries.
     * Files left holding no batch are deleted after it; files left more than half empty by a cleaning have their other
     * batches moved out too (see {@link #moveLiveBatchesOut}).
     */
    private final class Rewriting implements GroupCommitWriter.StagedWrite {
        private final TopicIdPartition partition;
        private final List<Rewrite> rewrites;
        private final OptionalLong logStartOffset;
        private final List<BatchPlace> named = new ArrayList<>();
        private final List<BatchPlace> unnamed = new ArrayList<>();
        private PartitionSegments files;

        /** @param logStartOffset merged again, so that it stays where it was if the first batch goes (the cleaner's) */
        Rewriting(TopicIdPartition partition, List<Rewrite> rewrites, OptionalLong logStartOffset) {
            this.partition = partition;
            this.rewrites = rewrites;
            this.logStartOffset = logStartOffset;
        }

        @Override
        public void stage(Database db, WriteBatch writeBatch, Set<SegmentFile> written)
                throws RocksDBException, IOException {
            store.refuseIfDeleted(partition);
            files = store.segmentsOf(partition);
            byte[] prefix = Keys.partitionPrefix(partition);
            if (logStartOffset.isPresent()) {
                writeBatch.merge(db.logStartOffset(), prefix,
                        ByteBuffer.allocate(Long.BYTES).putLong(logStartOffset.getAsLong()).array());
            }
            SegmentFile target = null;
            long position = 0;
            for (Rewrite rewrite : rewrites) {
                byte[] key = Keys.key(partition, rewrite.baseOffset());
                byte[] stored = db.db().get(db.batchIndex(), key);
                if (stored == null) {
                    continue;
                }
                BatchPlace storedPlace = BatchPlace.decode(rewrite.baseOffset(), stored);
                if (rewrite.expectedPlace() != null && !storedPlace.equals(rewrite.expectedPlace())
                        || !files.unnameInGroup(rewrite.baseOffset())) {
                    // moved or rewritten since it was read
                    continue;
                }
                unnamed.add(storedPlace);
                if (rewrite.replacement() == null) {
                    writeBatch.delete(db.batchIndex(), key);
                } else {
                    if (target == null) {
                        target = files.stageCleanedFile(rewrite.baseOffset());
                    }
                    ByteBuffer bytes = rewrite.replacement().duplicate();
                    RecordBatch replacement = RecordBatch.wrap(bytes);
                    int size = bytes.remaining();
                    target.write(bytes, position);
                    BatchPlace place = new BatchPlace(target.baseOffset(), target.generation(),
                            Math.toIntExact(position), size, replacement.nextOffset(), replacement.maxTimestamp(),
                            storedPlace.logIndex());
                    position += size;
                    named.add(place);
                    writeBatch.put(db.batchIndex(), key, place.encode(rewrite.baseOffset()));
                }
                if (rewrite.dropsMarker()) {
                    // an aborted transaction is keyed by its marker's offset, and goes with it
                    writeBatch.delete(db.abortedTransactions(), key);
                }
            }
            if (target != null) {
                // what it replaces may have been on the disk for long: the index names it only once it is too
                target.force();
            }
        }

        @Override
        public void committed() {
            List<SegmentFile> sparse = files.committed(named, unnamed);
            if (logStartOffset.isPresent()) {
                sparse.forEach(file -> moveLiveBatchesOut(partition, file));
            }
        }

        @Override
        public void failed() {
            if (files != null) {
                files.failed();
            }
        }
    }

    /**
     * Moves the batches still named in a file a cleaning left more than half empty to a new file, so that the file
     * goes and its space comes back: read on a reader, written through the writer, each batch only if it still lies
     * where it was read (the cleaner or retention may have moved it meanwhile). A failure is logged; the file stays.
     */
    private void moveLiveBatchesOut(TopicIdPartition partition, SegmentFile sparse) {
        moveLiveBatchesOut(partition, sparse, sparse.baseOffset()).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "Moving the batches left in " + sparse + " out failed, its space"
                        + " comes back only when they are deleted: " + failure);
            }
        });
    }

    /** Moves the file's batches from {@code from} on, at most {@link #MOVE_CHUNK_BYTES} of them, then the rest. */
    private CompletableFuture<Void> moveLiveBatchesOut(TopicIdPartition partition, SegmentFile sparse, long from) {
        long to = sparse.nextOffset();
        return store.onReader(partition, db -> {
            PartitionSegments files = store.segmentsOf(partition);
            List<Rewrite> moves = new ArrayList<>();
            long bytes = 0;
            try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition, false)) {
                for (scan.seekBatchHolding(from); scan.isValid() && scan.keyValue() < to && bytes < MOVE_CHUNK_BYTES;
                     scan.next()) {
                    BatchPlace place = BatchPlace.decode(scan.keyValue(), scan.value());
                    if (place.fileBaseOffset() != sparse.baseOffset() || place.generation() != sparse.generation()) {
                        continue;
                    }
                    Optional<RecordBatch> batch = RocksDbPartitionLogStore.readToHeap(files, place);
                    if (batch.isEmpty()) {
                        // the file is gone: nothing left to move
                        return List.<Rewrite>of();
                    }
                    moves.add(new Rewrite(scan.keyValue(), place, batch.get().bytes(), false));
                    bytes += place.sizeInBytes();
                }
            }
            return moves;
        }).thenCompose(moves -> {
            if (moves.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            long next = moves.get(moves.size() - 1).baseOffset() + 1;
            return store.write(new Rewriting(partition, moves, OptionalLong.empty()),
                            moves.size() * (Keys.KEY_LENGTH + BatchPlace.ENCODED_BYTES))
                    .thenCompose(ignored -> moveLiveBatchesOut(partition, sparse, next));
        });
    }

    /** The positions, in {@code cleaned}, of the batches still stored above the log start offset. */
    private record StillStored(long logStartOffset, List<Integer> indexes) {
    }

    private static Optional<StillStored> stillStored(Database db, TopicIdPartition partition,
                                                     List<CleanedBatch> cleaned) throws RocksDBException {
        long storedStart = RocksDbPartitionLogStore.storedLogStartOffset(db, partition);
        try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition, false)) {
            if (!scan.seekToFirst().isValid()) {
                return Optional.empty();
            }
            long start = storedStart >= 0 ? storedStart : scan.keyValue();
            List<Integer> indexes = new ArrayList<>(cleaned.size());
            for (int i = 0; i < cleaned.size(); i++) {
                long baseOffset = cleaned.get(i).baseOffset();
                scan.seekFloor(baseOffset);
                if (scan.isValid() && scan.keyValue() == baseOffset
                        && BatchPlace.decode(baseOffset, scan.value()).nextOffset() > start) {
                    indexes.add(i);
                }
            }
            return Optional.of(new StillStored(start, indexes));
        }
    }
}
