package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.TopicIdPartition;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The segment files of one partition, in {@code <data dir>/segments/<topic ID>-<partition>/}, and where the next
 * appended batch goes. Appends go to the active file, at its end, until it would grow past the segment size; then a
 * new file is rolled, named after the base offset of the first batch written to it. The log cleaner writes the
 * batches it cleans to files of their own.
 *
 * <p>Which file holds a batch, and where, is in RocksDB's {@code batch_index}: this class keeps only the open files,
 * how many index entries name each, and the writer's position. The writer thread stages writes (the bytes go to the
 * file, the index entries into the group's RocksDB batch), then tells it whether the group was written: only then do
 * they count; a failed group's bytes stay unnamed, and the next start cuts them or deletes their file. A file no index entry
 * names any more, and that appends no longer go to, is deleted. Readers look files up by the place an index entry
 * names and hold them while they read ({@link SegmentFile#retain}).
 */
final class PartitionSegments {

    /** The name of the directory every partition's segment directory is in, inside the data directory. */
    static final String ROOT = "segments";

    private static final System.Logger LOG = System.getLogger(PartitionSegments.class.getName());

    /** A segment file's name. */
    record FileKey(long baseOffset, int generation) {
        static FileKey of(BatchPlace place) {
            return new FileKey(place.fileBaseOffset(), place.generation());
        }

        static FileKey of(SegmentFile file) {
            return new FileKey(file.baseOffset(), file.generation());
        }
    }

    private final TopicIdPartition partition;
    private final Path directory;
    private final long segmentBytes;
    private final Map<FileKey, SegmentFile> files = new ConcurrentHashMap<>();

    // the writer thread's alone:
    /** Where the next append goes: the active file (null until one is rolled) and its end, staged writes included. */
    private SegmentFile active;
    private long activeEnd;
    /** Files appends rolled away from in the group being written: dropped at its end if nothing names them. */
    private final List<SegmentFile> rolledAway = new ArrayList<>();
    /** Base offsets whose index entries writes staged in the current group delete or replace. */
    private final Set<Long> unnamedInGroup = new HashSet<>();
    private int nextGeneration = 1;

    private PartitionSegments(TopicIdPartition partition, Path directory, long segmentBytes) {
        this.partition = partition;
        this.directory = directory;
        this.segmentBytes = segmentBytes;
    }

    /** The directory of a partition's segment files. */
    static Path directoryOf(Path root, TopicIdPartition partition) {
        return root.resolve(partition.topicId().uuid() + "-" + partition.partition());
    }

    /**
     * Opens the files the partition's index entries name, and tidies what a crash may have left: if a file lacks the
     * bytes of batches the index names (a power cut lost its last pages), the index is cut back to the batch before
     * the first of them; files no entry names (written by a group that never committed, or left by a deletion cut
     * short) are deleted, and each file is cut after the last batch named in it.
     *
     * @throws IllegalStateException if a file an entry names is missing
     */
    static PartitionSegments load(Database db, TopicIdPartition partition, Path root, long segmentBytes) {
        PartitionSegments segments = new PartitionSegments(partition, directoryOf(root, partition), segmentBytes);
        try {
            segments.loadFiles(db);
        } catch (IOException e) {
            segments.closeFiles();
            throw new UncheckedIOException("Opening the segment files of " + partition + " in "
                    + segments.directory + " failed: " + e, e);
        } catch (RocksDBException | RuntimeException e) {
            segments.closeFiles();
            throw e instanceof RocksDBException rocksDb
                    ? new IllegalStateException("Reading the batch index of " + partition + " failed: " + e, rocksDb)
                    : (RuntimeException) e;
        }
        return segments;
    }

    private void loadFiles(Database db) throws RocksDBException, IOException {
        BatchPlace last = openNamedFiles(db);
        OptionalLong lost = firstBatchBeyondItsFile(db);
        if (lost.isPresent()) {
            cutIndexBack(db, lost.getAsLong());
            closeFiles();
            nextGeneration = 1;
            last = openNamedFiles(db);
        }
        for (SegmentFile file : files.values()) {
            if (file.size() > file.end()) {
                file.truncate(file.end());
            }
        }
        deleteUnnamedFiles();
        if (last != null && last.generation() == 0) {
            active = files.get(FileKey.of(last));
            activeEnd = active.end();
        }
    }

    /** Opens every file an index entry names, counting the batches named in each; returns the last entry. */
    private BatchPlace openNamedFiles(Database db) throws RocksDBException, IOException {
        BatchPlace last = null;
        try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition, false).seekToFirst()) {
            for (; scan.isValid(); scan.next()) {
                BatchPlace place = BatchPlace.decode(scan.keyValue(), scan.value());
                SegmentFile file = files.get(FileKey.of(place));
                if (file == null) {
                    file = openNamed(place);
                    files.put(FileKey.of(place), file);
                }
                file.named(place);
                nextGeneration = Math.max(nextGeneration, place.generation() + 1);
                last = place;
            }
        }
        return last;
    }

    /**
     * The base offset of the first batch whose bytes its file lacks, if a file is shorter than the batches named in it:
     * the index reached the disk and the file's last pages did not (a power cut, with {@code --fsync=never}).
     */
    private OptionalLong firstBatchBeyondItsFile(Database db) throws RocksDBException, IOException {
        Map<FileKey, Long> sizes = new HashMap<>();
        boolean shortFile = false;
        for (Map.Entry<FileKey, SegmentFile> file : files.entrySet()) {
            long size = file.getValue().size();
            sizes.put(file.getKey(), size);
            shortFile |= size < file.getValue().end();
        }
        if (!shortFile) {
            return OptionalLong.empty();
        }
        try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition, false).seekToFirst()) {
            for (; scan.isValid(); scan.next()) {
                BatchPlace place = BatchPlace.decode(scan.keyValue(), scan.value());
                if (place.end() > sizes.get(FileKey.of(place))) {
                    return OptionalLong.of(scan.keyValue());
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Deletes the index entries from {@code firstLost} on, in one synced write: a single broker's log ends where its
     * bytes end, as it did when a power cut lost the tail of RocksDB's write-ahead log. A node of a cluster refuses
     * instead (see below).
     */
    private void cutIndexBack(Database db, long firstLost) throws RocksDBException {
        long lostBatches = 0;
        try (PartitionScan scan = new PartitionScan(db, db.batchIndex(), partition, false)) {
            for (scan.seekFloor(firstLost); scan.isValid(); scan.next()) {
                if (scan.keyValue() >= firstLost) {
                    lostBatches++;
                }
            }
        }
        byte[] prefix = Keys.partitionPrefix(partition);
        if (db.db().get(db.appliedLogIndex(), prefix) != null) {
            // A node of a cluster: its producer states went to the disk with the entries cut, and applying the lost
            // commands again on them would take their batches for duplicates and leave this replica short of them.
            throw new IllegalStateException("Partition " + partition + ": its segment files lack the bytes of the "
                    + lostBatches + " batches from offset " + firstLost + " on, which the index names (lost in a power "
                    + "cut before they reached the disk, with --fsync=never). This replica cannot be repaired in place:"
                    + " stop the node, empty its --data-dir and start it again, and it copies its replicas from the "
                    + "leaders (docs/cluster.md)");
        }
        try (WriteBatch cut = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
            cut.deleteRange(db.batchIndex(), Keys.key(partition, firstLost), Keys.partitionEnd(partition));
            db.db().write(sync, cut);
        }
        LOG.log(System.Logger.Level.WARNING, "Partition " + partition + ": its segment files lack the bytes of the "
                + lostBatches + " batches from offset " + firstLost + " on, which the index names (lost in a power cut"
                + " before they reached the disk, with --fsync=never); the log now ends at offset " + firstLost);
    }

    private SegmentFile openNamed(BatchPlace place) throws IOException {
        try {
            return SegmentFile.open(directory, place.fileBaseOffset(), place.generation());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("Segment file " + directory.resolve(
                    SegmentFile.fileName(place.fileBaseOffset(), place.generation())) + " is missing, but the batch "
                    + "index of " + partition + " names it", e);
        }
    }

    private void deleteUnnamedFiles() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                Optional<long[]> name = SegmentFile.parseName(entry.getFileName().toString());
                boolean named = name.isPresent()
                        && files.containsKey(new FileKey(name.get()[0], (int) name.get()[1]));
                if (!named) {
                    LOG.log(System.Logger.Level.INFO, "Deleting " + entry + ": no batch of " + partition
                            + " is in it (left by a write that did not complete)");
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /**
     * The file an index entry names, held for a read: {@link SegmentFile#release} it once read. Empty if it is gone
     * (its batches were deleted or moved since the entry was read): read the index again.
     */
    Optional<SegmentFile> retain(BatchPlace place) {
        SegmentFile file = files.get(FileKey.of(place));
        return file != null && file.retain() ? Optional.of(file) : Optional.empty();
    }

    /**
     * Writes a batch after the staged ones, rolling a new file first if it would grow the current one past the
     * segment size. Writer thread.
     *
     * @param written collects the file written to
     * @return where the batch now lies, to put in the index
     */
    BatchPlace stageAppend(ByteBuffer batch, long baseOffset, long nextOffset, long maxTimestamp, long logIndex,
                           Set<SegmentFile> written) throws IOException {
        int size = batch.remaining();
        if (active == null || activeEnd > 0 && activeEnd + size > segmentBytes) {
            if (active != null) {
                rolledAway.add(active);
            }
            active = create(baseOffset, 0);
            activeEnd = 0;
        }
        active.write(batch, activeEnd);
        written.add(active);
        BatchPlace place = new BatchPlace(active.baseOffset(), 0, Math.toIntExact(activeEnd), size, nextOffset,
                maxTimestamp, logIndex);
        activeEnd += size;
        return place;
    }

    /** Where the log cleaner's batches of one cleaning go: a new file, after the newest generation. Writer thread. */
    SegmentFile stageCleanedFile(long baseOffset) throws IOException {
        return create(baseOffset, nextGeneration++);
    }

    private SegmentFile create(long baseOffset, int generation) throws IOException {
        FileKey key = new FileKey(baseOffset, generation);
        SegmentFile previous = files.get(key);
        if (previous != null && previous.batches() > 0) {
            throw new IllegalStateException("Segment file " + previous + " would be created again while the index "
                    + "names " + previous.batches() + " batches in it");
        }
        SegmentFile file = SegmentFile.create(directory, baseOffset, generation);
        files.put(key, file);
        if (previous != null) {
            // left by a group that failed: nothing names it, and its name is reused
            previous.close();
        }
        return file;
    }

    /**
     * Whether a write staged earlier in the group has not deleted or replaced the index entry of the batch at
     * {@code baseOffset} already; the writer's reads of RocksDB do not see the group's own writes. Writer thread.
     */
    boolean unnameInGroup(long baseOffset) {
        return unnamedInGroup.add(baseOffset);
    }

    /**
     * The staged writes' group was written: each place {@code named} is now named by the index, each place
     * {@code unnamed} not. Files nothing names any more, apart from the one appends go to, are deleted. Writer thread.
     *
     * @return the files this left more than half empty but not empty, apart from the one appends go to: their bytes
     *         come back only once their other batches move too
     */
    List<SegmentFile> committed(List<BatchPlace> named, List<BatchPlace> unnamed) {
        unnamedInGroup.clear();
        for (BatchPlace place : named) {
            SegmentFile file = files.get(FileKey.of(place));
            if (file != null) {
                file.named(place);
            }
        }
        List<SegmentFile> touched = new ArrayList<>(rolledAway);
        rolledAway.clear();
        for (BatchPlace place : unnamed) {
            SegmentFile file = files.get(FileKey.of(place));
            if (file != null) {
                file.unnamed(place);
                touched.add(file);
            }
        }
        List<SegmentFile> sparse = new ArrayList<>();
        for (SegmentFile file : touched.stream().distinct().toList()) {
            dropIfUnnamed(file);
            if (file.batches() > 0 && file != active && 2 * file.liveBytes() < file.end()) {
                sparse.add(file);
            }
        }
        return sparse;
    }

    /**
     * The staged writes' group failed. What they wrote to files stays where it is, unnamed, and the next appends go
     * after it: had RocksDB kept the group's write after all (its WAL written, then a failed sync reported), its entries
     * still name those bytes. A start cuts a file after the last batch named in it and deletes files none is named in.
     * Writer thread.
     */
    void failed() {
        unnamedInGroup.clear();
        rolledAway.forEach(this::dropIfUnnamed);
        rolledAway.clear();
    }

    private void dropIfUnnamed(SegmentFile file) {
        if (file.batches() <= 0 && file != active && files.remove(FileKey.of(file), file)) {
            dropQuietly(file);
        }
    }

    private void dropQuietly(SegmentFile file) {
        try {
            file.drop();
        } catch (IOException e) {
            // the next start deletes a file that no entry names
            LOG.log(System.Logger.Level.WARNING, "Deleting segment file " + file + " failed, it is deleted on the "
                    + "next start: " + e);
        }
    }

    /**
     * The partition's log is gone (its topic deleted): every file is deleted, then the directory. Writer thread, once
     * the index entries are deleted.
     */
    void deleteAll() {
        active = null;
        rolledAway.clear();
        for (SegmentFile file : List.copyOf(files.values())) {
            files.remove(FileKey.of(file));
            dropQuietly(file);
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Deleting " + directory + " failed, it is deleted on the next start: "
                    + e);
        }
    }

    /** Forces every file written since it was last forced, as the storage closes. */
    void forceFiles() throws IOException {
        List<SegmentFile> unforced = new ArrayList<>();
        collectUnforced(unforced);
        for (SegmentFile file : unforced) {
            file.force();
        }
    }

    /** The storage closes: every file's channel is closed once no read holds it. */
    void closeFiles() {
        files.values().forEach(SegmentFile::close);
        files.clear();
    }

    /** The bytes of the partition's batches in its files, those the index names and the gaps cleaning left. */
    long sizeInBytes() {
        long size = 0;
        for (SegmentFile file : files.values()) {
            size += file.end();
        }
        return size;
    }

    /** Adds the files written since they were last forced to {@code unforced}. */
    void collectUnforced(Collection<SegmentFile> unforced) {
        for (SegmentFile file : files.values()) {
            if (file.unforced()) {
                unforced.add(file);
            }
        }
    }

    Path directory() {
        return directory;
    }
}
