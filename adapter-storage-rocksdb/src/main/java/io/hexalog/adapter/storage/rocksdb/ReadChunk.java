package io.hexalog.adapter.storage.rocksdb;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One block of direct memory that reads copy batch values into, back to back. It counts its references: one
 * for each region lent to a read's slice, and one while a read may still carve from it. When the count falls
 * to zero nobody can see its bytes any more, and it goes back to its {@link ReadBufferPool} to be reused from
 * the start.
 *
 * <p>Only the read holding the carving reference calls {@link #tail} and {@link #carve}; a region's
 * {@link #release} may come from any thread.
 */
final class ReadChunk {

    private final ByteBuffer memory;
    private final ReadBufferPool pool;
    private final AtomicInteger references = new AtomicInteger();
    private int used;

    ReadChunk(ByteBuffer memory, ReadBufferPool pool) {
        this.memory = memory;
        this.pool = pool;
    }

    /** Taken out of the pool for carving: one reference, nothing carved yet. */
    ReadChunk openForCarving() {
        used = 0;
        references.set(1);
        return this;
    }

    int capacity() {
        return memory.capacity();
    }

    /** The room left after what was carved: write a value there, then {@link #carve} what it took. */
    ByteBuffer tail() {
        return memory.duplicate().position(used);
    }

    /** Lends the next {@code size} bytes, the ones just written at the {@link #tail}, with a reference of their own. */
    ByteBuffer carve(int size) {
        ByteBuffer region = memory.slice(used, size);
        used += size;
        references.incrementAndGet();
        return region;
    }

    int room() {
        return memory.capacity() - used;
    }

    /**
     * Starts again from the beginning if no region of it is lent any more. Only the carver calls this: nobody
     * else can add a reference, so one seen gone stays gone.
     */
    void rewindIfUnshared() {
        if (references.get() == 1) {
            used = 0;
        }
    }

    /** Whether only the carving reference is left: no region of it is lent. */
    boolean unshared() {
        return references.get() == 1;
    }

    /** Drops one reference: a region's, or the carving one. */
    void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            pool.recycle(this);
        } else if (left < 0) {
            throw new IllegalStateException("Read chunk released more often than it was referenced");
        }
    }
}
