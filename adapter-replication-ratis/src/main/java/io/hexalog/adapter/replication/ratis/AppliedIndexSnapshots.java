package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The snapshots of a shard group on one node. A shard's state is the partition logs in this node's store, which
 * record, with each append, the Raft index it came from; so a snapshot holds no data, only the index and term up
 * to which everything applied is durable in the store. It is a tiny file in the group's state machine directory,
 * named as Ratis' {@link SimpleStateMachineStorage} names snapshots ({@code snapshot.<term>_<index>}), written
 * to a temporary file, forced and then renamed, so that a crash leaves either the old snapshot or the new one.
 * The metadata group's snapshots are files of the same names written the same way, holding the metadata itself
 * ({@link MetadataSnapshotFile}).
 */
final class AppliedIndexSnapshots implements MetadataSnapshotCopy.Held {

    /** The file that says a copy from the leader began and has not ended ({@link #beginCopy}). */
    static final String COPY_MARKER = "copy-unfinished";

    private final SnapshotFiles storage = new SnapshotFiles();

    SimpleStateMachineStorage storage() {
        return storage;
    }

    /** Finds the group's snapshots in its directory under the node's Raft storage. */
    void init(RaftStorage raftStorage) throws IOException {
        storage.init(raftStorage);
    }

    /** The latest snapshot taken, or null if none was. */
    @Override
    public SingleFileSnapshotInfo latest() {
        return storage.getLatestSnapshot();
    }

    @Override
    public Path file(long term, long index) {
        return storage.getSnapshotFile(term, index).toPath();
    }

    /**
     * Records that a copy from the shard's leader begins (ADR 14): until {@link #endCopy}, even after a restart, the
     * partitions may hold batches the copy wrote past what their log index says, which the group's log must not be
     * applied on top of. An empty file beside the snapshots, created and forced with its directory.
     */
    void beginCopy() throws IOException {
        DurableFiles.mark(copyMarker());
    }

    /** Records that the copy begun ended; once forced, a restart no longer finds it unfinished. */
    void endCopy() throws IOException {
        DurableFiles.unmark(copyMarker());
    }

    /** Whether a copy from the leader began and has not ended, also before the last start. */
    boolean copyUnfinished() {
        return Files.exists(copyMarker());
    }

    private Path copyMarker() {
        return storage.directory.toPath().resolve(COPY_MARKER);
    }

    /** Records that everything up to {@code applied} is durable in the store. */
    void write(TermIndex applied) throws IOException {
        write(applied, ("Everything up to Raft index " + applied.getIndex() + " (term " + applied.getTerm()
                + ") is in this node's partition logs\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a snapshot of the state at {@code applied} holding {@code content}, and makes it the latest. */
    void write(TermIndex applied, byte[] content) throws IOException {
        Path file = storage.getSnapshotFile(applied.getTerm(), applied.getIndex()).toPath();
        DurableFiles.replace(file, content);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file, null), applied));
    }

    /**
     * Ratis' storage of snapshot files, which lists the directory only when it opens. Ratis asks for the latest
     * snapshot twice for every append request a follower receives, and {@link SimpleStateMachineStorage} lists the
     * directory each time while there is none, which a shard group on a RocksDB node has until its log has grown by
     * 32 MiB. Every snapshot of the group is written through {@link #write(TermIndex, byte[])}, so after the first
     * listing the latest is known.
     *
     * <p>It also deletes old snapshots itself: Ratis keeps every snapshot file without an MD5 file beside it, as
     * these are, and warns of each at every snapshot, so their number and the warnings grew with the log.
     */
    private static final class SnapshotFiles extends SimpleStateMachineStorage {

        private volatile boolean listed;
        private volatile SingleFileSnapshotInfo latest;
        private volatile File directory;

        @Override
        public void init(RaftStorage raftStorage) throws IOException {
            listed = false;
            directory = raftStorage.getStorageDir().getStateMachineDir();
            deleteUnfinishedWrites();
            super.init(raftStorage);
            latest = super.getLatestSnapshot();
            listed = true;
        }

        @Override
        public SingleFileSnapshotInfo updateLatestSnapshot(SingleFileSnapshotInfo info) {
            SingleFileSnapshotInfo updated = super.updateLatestSnapshot(info);
            latest = updated;
            return updated;
        }

        @Override
        public SingleFileSnapshotInfo getLatestSnapshot() {
            return listed ? latest : super.getLatestSnapshot();
        }

        /** What a write cut short by a crash left behind; none is being written while the group opens. */
        private void deleteUnfinishedWrites() throws IOException {
            if (!directory.isDirectory()) {
                return;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.toPath(), "snapshot.*.tmp")) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
        }

        /**
         * Keeps the newest snapshots the policy retains, by index, and deletes the others. A snapshot being written
         * meanwhile (a copy from the leader ends with one) is left alone: its temporary file is not a snapshot yet.
         */
        @Override
        public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
            int retained = policy == null ? 0 : policy.getNumSnapshotsRetained();
            if (directory == null || retained <= 0) {
                return;
            }
            List<Path> snapshots = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.toPath())) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (SNAPSHOT_REGEX.matcher(name).matches()) {
                        snapshots.add(file);
                    }
                }
            }
            snapshots.sort(Comparator.comparingLong((Path file) ->
                    getTermIndexFromSnapshotFile(file.toFile()).getIndex()).reversed());
            for (Path old : snapshots.subList(Math.min(retained, snapshots.size()), snapshots.size())) {
                Files.deleteIfExists(old);
                Files.deleteIfExists(old.resolveSibling(old.getFileName() + ".md5"));
            }
        }
    }
}
