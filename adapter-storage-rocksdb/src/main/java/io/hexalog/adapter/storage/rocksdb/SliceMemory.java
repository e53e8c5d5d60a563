package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory of one read's slice: copies each batch the read takes into a region of a pooled chunk (or to the
 * heap when the pool has none, see {@link ReadBufferPool}), and gives the regions back when the slice is
 * released. One read, one thread.
 */
final class SliceMemory {

    private final ReadBufferPool pool;
    private final List<ReadChunk> regions = new ArrayList<>();
    private ReadChunk carving;
    private int bytesLent;

    SliceMemory(ReadBufferPool pool) {
        this.pool = pool;
    }

    /**
     * Lends {@code size} bytes to fill: a region of a pooled chunk, or a heap buffer when the pool has none (or the
     * size is more than a chunk holds).
     */
    ByteBuffer lend(int size) {
        ByteBuffer region = region(size);
        if (region == null) {
            pool.fellBackToHeap();
            return ByteBuffer.allocate(size);
        }
        return region;
    }

    private ByteBuffer region(int size) {
        if (size > pool.chunkBytes()) {
            return null;
        }
        if (carving != null && carving.room() < size) {
            pool.giveBackForCarving(carving);
            carving = null;
        }
        if (carving == null) {
            carving = pool.takeForCarving(size);
            if (carving == null) {
                return null;
            }
        }
        regions.add(carving);
        bytesLent += size;
        pool.lent(size);
        return carving.carve(size);
    }

    /** The slice of the batches read, owning their regions; the chunk carved on goes back for others to carve. */
    LogSlice slice(List<RecordBatch> batches) {
        stopCarving();
        if (regions.isEmpty()) {
            return new LogSlice(batches);
        }
        List<ReadChunk> lent = List.copyOf(regions);
        int bytes = bytesLent;
        return new LogSlice(batches, () -> giveBack(lent, bytes));
    }

    /** The read failed: every region goes back at once. */
    void abandon() {
        stopCarving();
        giveBack(regions, bytesLent);
    }

    private void stopCarving() {
        if (carving != null) {
            pool.giveBackForCarving(carving);
            carving = null;
        }
    }

    private void giveBack(List<ReadChunk> lent, int bytes) {
        pool.returned(bytes);
        for (ReadChunk chunk : lent) {
            chunk.release();
        }
    }
}
