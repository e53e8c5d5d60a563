package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.domain.error.KafkaStorageException;
import org.rocksdb.RocksDBException;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;

/**
 * Producer ID blocks from a counter in the {@code meta} column family: the start of the next block. The
 * counter is written and fsynced before a block is handed out, so a block is never handed out twice,
 * whatever happens to the machine afterwards; blocks are claimed rarely, so the fsync costs nothing.
 */
final class RocksDbProducerIdBlockStore implements ProducerIdBlockStore {

    static final byte[] NEXT_BLOCK_KEY = Database.bytes("producer_id.next_block");

    private final GroupCommitWriter writer;
    private long nextBlockStart;

    /** A store handing out blocks from {@code nextBlockStart} (read with {@link #readNextBlockStart}). */
    RocksDbProducerIdBlockStore(GroupCommitWriter writer, long nextBlockStart) {
        this.writer = writer;
        this.nextBlockStart = nextBlockStart;
    }

    static long readNextBlockStart(Database database) throws RocksDBException {
        byte[] stored = database.access(db -> db.db().get(db.meta(), NEXT_BLOCK_KEY));
        return stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
    }

    @Override
    public synchronized long claimBlock(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("block size must be positive: " + size);
        }
        long blockStart = nextBlockStart;
        long next = Math.addExact(blockStart, size);
        byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(next).array();
        try {
            writer.submit((db, batch) -> batch.put(db.meta(), NEXT_BLOCK_KEY, value),
                    NEXT_BLOCK_KEY.length + value.length, true).join();
        } catch (CompletionException e) {
            throw new KafkaStorageException("Storing the next producer ID block failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
        nextBlockStart = next;
        return blockStart;
    }

    @Override
    public synchronized long nextBlockStart() {
        return nextBlockStart;
    }
}
