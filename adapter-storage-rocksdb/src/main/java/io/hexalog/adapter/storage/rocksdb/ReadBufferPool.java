package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.log.ReadBufferUsage;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct memory batch reads copy RocksDB's values into, so that the socket sends them without another copy.
 * Bounded: at most {@code maxChunks} chunks of {@code chunkBytes} each are ever allocated, allocated when first
 * needed and then reused. Reads carve their batches from a chunk back to back (see {@link ReadChunk}); a chunk
 * a read leaves with room goes back for the next read to carve on, so that small reads share chunks.
 *
 * <p>When every chunk is lent out, or a batch is larger than a chunk, the read copies that batch to the heap
 * instead, as it did before the pool existed: one copy more on its way to the socket, no memory beyond the
 * bound. {@link #heapFallbacks} counts those batches. A pool of no chunks ({@code log.rocksdb.read.pool.bytes=0})
 * sends every batch that way.
 */
final class ReadBufferPool {

    /** Larger than the largest batch a default producer sends (message.max.bytes is 1 MiB and 12 bytes). */
    static final int DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
    /**
     * 64 MiB of direct memory at most: the responses of some sixty 1 MB fetches in flight at once; beyond that
     * reads go to the heap, which the fetch memory budget bounds.
     */
    static final int DEFAULT_MAX_CHUNKS = 16;
    static final long DEFAULT_BYTES = (long) DEFAULT_CHUNK_BYTES * DEFAULT_MAX_CHUNKS;

    private final int chunkBytes;
    private final int maxChunks;
    /** Chunks nobody carves on: fresh ones and ones reads left with room, the emptiest first. */
    private final ArrayDeque<ReadChunk> carvable = new ArrayDeque<>();
    private int allocated;
    private final AtomicLong bytesLent = new AtomicLong();
    private final AtomicLong heapFallbacks = new AtomicLong();

    ReadBufferPool(int chunkBytes, int maxChunks) {
        if (chunkBytes <= 0 || maxChunks < 0) {
            throw new IllegalArgumentException("chunk size must be positive and the number of chunks not negative");
        }
        this.chunkBytes = chunkBytes;
        this.maxChunks = maxChunks;
    }

    /**
     * A pool of {@value #DEFAULT_CHUNK_BYTES}-byte chunks holding at most {@code bytes}: 0 for none.
     *
     * @throws IllegalArgumentException unless {@code bytes} is 0 or at least one chunk
     */
    static ReadBufferPool ofBytes(long bytes) {
        validateBytes(bytes);
        return new ReadBufferPool(DEFAULT_CHUNK_BYTES, (int) Math.min(Integer.MAX_VALUE, bytes / DEFAULT_CHUNK_BYTES));
    }

    /** @throws IllegalArgumentException unless {@code bytes} is 0 (no pool) or at least one chunk */
    static void validateBytes(long bytes) {
        if (bytes != 0 && bytes < DEFAULT_CHUNK_BYTES) {
            throw new IllegalArgumentException("the RocksDB read pool must be 0 bytes (no pool: reads copy batches to "
                    + "the heap) or at least " + DEFAULT_CHUNK_BYTES + " bytes (one read buffer), was " + bytes);
        }
    }

    int chunkBytes() {
        return chunkBytes;
    }

    /** The most direct memory the pool ever allocates. */
    long capacityBytes() {
        return (long) chunkBytes * maxChunks;
    }

    /** What a metrics scrape reads: one consistent look at the chunks, the byte counts as they are. */
    ReadBufferUsage usage() {
        int chunks;
        int idle;
        synchronized (this) {
            chunks = allocated;
            idle = chunksIdle();
        }
        return new ReadBufferUsage(capacityBytes(), chunks, chunks - idle, Math.max(0, bytesLent()), heapFallbacks());
    }

    /**
     * A chunk to carve on with at least {@code size} bytes of room; null when no chunk has that room and no
     * more may be allocated.
     */
    synchronized ReadChunk takeForCarving(int size) {
        for (var chunks = carvable.iterator(); chunks.hasNext(); ) {
            ReadChunk chunk = chunks.next();
            chunk.rewindIfUnshared();
            if (chunk.room() >= size) {
                chunks.remove();
                return chunk;
            }
        }
        if (allocated == maxChunks) {
            return null;
        }
        allocated++;
        return new ReadChunk(ByteBuffer.allocateDirect(chunkBytes), this).openForCarving();
    }

    /** A read is done carving on {@code chunk}: others may carve on what is left of it. */
    void giveBackForCarving(ReadChunk chunk) {
        synchronized (this) {
            if (chunk.room() > 0) {
                // still referenced by the pool for carving: the read's carving reference passes to the pool
                carvable.addLast(chunk);
                return;
            }
        }
        chunk.release();
    }

    /** Every reference to the chunk is gone: it is reused from the start. */
    synchronized void recycle(ReadChunk chunk) {
        if (carvable.contains(chunk)) {
            // a reference dropped twice: lending the chunk again would give two reads the same bytes
            throw new IllegalStateException("Read chunk given back to the pool while already in it");
        }
        carvable.addFirst(chunk.openForCarving());
    }

    void lent(int bytes) {
        bytesLent.addAndGet(bytes);
    }

    void returned(int bytes) {
        bytesLent.addAndGet(-bytes);
    }

    void fellBackToHeap() {
        heapFallbacks.incrementAndGet();
    }

    /** Bytes of regions lent to slices not yet released: zero once every read was released. */
    long bytesLent() {
        return bytesLent.get();
    }

    /** Batches copied to the heap because the pool had no room or the batch was larger than a chunk. */
    long heapFallbacks() {
        return heapFallbacks.get();
    }

    /** Chunks allocated so far, at most {@code maxChunks}. */
    synchronized int chunksAllocated() {
        return allocated;
    }

    /** Chunks nobody holds a region of, nor carves on. */
    synchronized int chunksIdle() {
        int idle = 0;
        for (ReadChunk chunk : carvable) {
            if (chunk.unshared()) {
                idle++;
            }
        }
        return idle;
    }
}
