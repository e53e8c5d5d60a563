package io.hexalog.domain.log;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whole batches read from a partition log, in offset order: what a fetch returns of one partition.
 *
 * <p>A slice may own the memory its batches lie in (a store reading into pooled buffers lends them to it).
 * It has one owner at a time, who hands it on or calls {@link #release} once done with the batches:
 * <ul>
 *   <li>the first {@code release} gives the memory back to whoever lent it; later calls do nothing;</li>
 *   <li>after it, {@link #batches} throws an {@link IllegalStateException}: the memory may already hold
 *       another read's bytes. Batches taken from the slice before must not be used after it either;</li>
 *   <li>{@link #sizeInBytes} and {@link #isEmpty} stay answerable, they read no batch;</li>
 *   <li>an empty slice owns nothing: releasing it changes nothing, and its batches stay readable (there are
 *       none), so {@link #EMPTY} may be shared.</li>
 * </ul>
 * A slice built from batches alone owns nothing either, but keeps the same rules, so that code written
 * against one store does not break against another.
 */
public final class LogSlice {

    private static final Runnable NOTHING = () -> { };

    public static final LogSlice EMPTY = new LogSlice(List.of());

    private final List<RecordBatch> batches;
    private final int sizeInBytes;
    private final Runnable onRelease;
    private final AtomicBoolean released = new AtomicBoolean();

    /** Batches that own no memory of their own (on the heap, or held for as long as the store lives). */
    public LogSlice(List<RecordBatch> batches) {
        this(batches, NOTHING);
    }

    /**
     * Batches lying in memory lent for the read.
     *
     * @param onRelease gives the memory back; run once, by the first {@link #release}
     */
    public LogSlice(List<RecordBatch> batches, Runnable onRelease) {
        this.batches = List.copyOf(batches);
        this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
        int size = 0;
        for (RecordBatch batch : this.batches) {
            size += batch.sizeInBytes();
        }
        this.sizeInBytes = size;
    }

    /**
     * The batches, in offset order.
     *
     * @throws IllegalStateException if the slice was released (and is not empty)
     */
    public List<RecordBatch> batches() {
        if (released.get() && !batches.isEmpty()) {
            throw new IllegalStateException("Log slice of " + batches.size() + " batches used after its release:"
                    + " its memory may already hold other bytes");
        }
        return batches;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    public boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Gives the slice's memory back, the first time; later calls do nothing. Any thread. */
    public void release() {
        if (!batches.isEmpty() && released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    /** Whether {@link #release} was called on this non-empty slice. */
    public boolean isReleased() {
        return released.get();
    }

    @Override
    public String toString() {
        return "LogSlice[" + batches.size() + " batches, " + sizeInBytes + " bytes" + (released.get() ? ", released]" : "]");
    }
}
