package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

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

    /** Records that everything up to {@code applied} is durable in the store. */
    void write(TermIndex applied) throws IOException {
        write(applied, ("Everything up to Raft index " + applied.getIndex() + " (term " + applied.getTerm()
                + ") is in this node's partition logs\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a snapshot of the state at {@code applied} holding {@code content}, and makes it the latest. */
    void write(TermIndex applied, byte[] content) throws IOException {
        Path file = storage.getSnapshotFile(applied.getTerm(), applied.getIndex()).toPath();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file, null), applied));
    }
}
