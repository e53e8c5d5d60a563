package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.topic.TopicIdPartition;
import org.rocksdb.RocksDBException;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Cleaner checkpoints in the {@code cleaner_checkpoint} column family, keyed like the log start offsets (topic ID,
 * partition), an 8-byte offset each. Writes go through the writer, in order with appends and as durable as they are;
 * reads are point lookups. Deleting a topic's logs deletes its checkpoints in the same write
 * ({@link RocksDbPartitionLogStore#deleteTopic}).
 */
final class RocksDbCleanerCheckpointStore implements CleanerCheckpointStore {

    private final Database database;
    private final GroupCommitWriter writer;

    RocksDbCleanerCheckpointStore(Database database, GroupCommitWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    @Override
    public OptionalLong firstDirtyOffset(TopicIdPartition partition) {
        byte[] stored;
        try {
            stored = database.access(db -> db.db().get(db.cleanerCheckpoint(), Keys.partitionPrefix(partition)));
        } catch (RocksDBException e) {
            throw new KafkaStorageException("Reading the cleaner checkpoint of " + partition + " failed: "
                    + e.getMessage(), e);
        }
        return stored == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(stored).getLong());
    }

    @Override
    public CompletableFuture<Void> checkpoint(TopicIdPartition partition, long firstDirtyOffset) {
        if (firstDirtyOffset < 0) {
            throw new IllegalArgumentException("A checkpoint is an offset, never negative: " + firstDirtyOffset);
        }
        byte[] key = Keys.partitionPrefix(partition);
        byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(firstDirtyOffset).array();
        return writer.submit((db, batch) -> batch.put(db.cleanerCheckpoint(), key, value),
                key.length + value.length, false);
    }
}
