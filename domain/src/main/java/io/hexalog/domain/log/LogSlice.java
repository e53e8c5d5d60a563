package io.hexalog.domain.log;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whole batches read from a partition log, in offset order: what a fetch returns of one partition.
 *
 * <p>A slice has one of two forms:
 * <ul>
 *   <li>its {@linkplain #batches batches}, in memory, to be looked at: what every read returns;</li>
 *   <li>{@linkplain #unread stretches of the store's files} it did not read, to be sent to a socket as they are
 *       ({@code sendfile}): what a store may return where the reader said it only sends the bytes on
 *       ({@code PartitionLogStore.readToSend}). {@link #batches} throws on such a slice.</li>
 * </ul>
 *
 * <p>A slice may own the memory its batches lie in (a store reading into pooled buffers lends them to it), or hold
 * the files its unread bytes lie in open. It has one owner at a time, who hands it on or calls {@link #release} once
 * done with the batches:
 * <ul>
 *   <li>the first {@code release} gives the memory back to whoever lent it, or lets the files go; later calls do
 *       nothing;</li>
 *   <li>after it, {@link #batches} and {@link #unread} throw an {@link IllegalStateException}: the memory may already
 *       hold another read's bytes, the files be closed. Batches or stretches taken from the slice before must not be
 *       used after it either;</li>
 *   <li>{@link #sizeInBytes}, {@link #nextOffset} and {@link #isEmpty} stay answerable, they read no batch;</li>
 *   <li>an empty slice owns nothing: releasing it changes nothing, and its batches stay readable (there are
 *       none), so {@link #EMPTY} may be shared.</li>
 * </ul>
 * A slice built from batches alone owns nothing either, but keeps the same rules, so that code written
 * against one store does not break against another.
 */
public final class LogSlice {

    private static final Runnable NOTHING = () -> { };

    /** What {@link #nextOffset} answers for an empty slice. */
    public static final long NO_OFFSET = -1L;

    public static final LogSlice EMPTY = new LogSlice(List.of());

    private final List<RecordBatch> batches;
    /** The stretches of files the slice holds instead of batches; null for a slice in memory. */
    private final List<UnreadBytes> unread;
    private final int sizeInBytes;
    private final long nextOffset;
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
        this.unread = null;
        this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
        int size = 0;
        for (RecordBatch batch : this.batches) {
            size += batch.sizeInBytes();
        }
        this.sizeInBytes = size;
        this.nextOffset = this.batches.isEmpty() ? NO_OFFSET : this.batches.get(this.batches.size() - 1).nextOffset();
    }

    private LogSlice(List<UnreadBytes> unread, long nextOffset, Runnable onRelease) {
        this.batches = List.of();
        this.unread = List.copyOf(unread);
        this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
        long size = 0;
        for (UnreadBytes stretch : this.unread) {
            size += stretch.sizeInBytes();
        }
        if (size <= 0 || size > Integer.MAX_VALUE || nextOffset < 0) {
            throw new IllegalArgumentException("A slice of unread bytes holds 1 to " + Integer.MAX_VALUE
                    + " bytes of batches ending at an offset: " + this.unread.size() + " stretches, " + size
                    + " bytes, next offset " + nextOffset);
        }
        this.sizeInBytes = (int) size;
        this.nextOffset = nextOffset;
    }

    /**
     * Batches the store did not read: stretches of its files, in offset order, each holding whole batches back to
     * back, to be sent as they are.
     *
     * @param nextOffset the offset after the last batch of the last stretch
     * @param onRelease  lets the files go; run once, by the first {@link #release}
     */
    public static LogSlice unread(List<UnreadBytes> stretches, long nextOffset, Runnable onRelease) {
        return new LogSlice(stretches, nextOffset, onRelease);
    }

    /**
     * The batches, in offset order.
     *
     * @throws IllegalStateException if the slice was released (and is not empty), or holds {@linkplain #unread
     *                               unread} bytes
     */
    public List<RecordBatch> batches() {
        if (unread != null) {
            throw new IllegalStateException("Log slice of " + unread.size() + " stretches of unread bytes has no"
                    + " batches in memory: it was read to be sent, not looked at");
        }
        if (released.get() && !batches.isEmpty()) {
            throw new IllegalStateException("Log slice of " + batches.size() + " batches used after its release:"
                    + " its memory may already hold other bytes");
        }
        return batches;
    }

    /** Whether the slice holds its batches in memory ({@link #batches}), not stretches of files ({@link #unread}). */
    public boolean inMemory() {
        return unread == null;
    }

    /**
     * The stretches of files the slice holds instead of batches, in offset order.
     *
     * @throws IllegalStateException if the slice holds its batches in memory, or was released
     */
    public List<UnreadBytes> unread() {
        if (unread == null) {
            throw new IllegalStateException("Log slice of " + batches.size() + " batches holds them in memory");
        }
        if (released.get()) {
            throw new IllegalStateException("Log slice of " + unread.size() + " stretches of unread bytes used after"
                    + " its release: its files may be closed");
        }
        return unread;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** The offset after the slice's last batch; {@link #NO_OFFSET} for an empty slice. Answerable after release. */
    public long nextOffset() {
        return nextOffset;
    }

    public boolean isEmpty() {
        return unread == null && batches.isEmpty();
    }

    /** Gives the slice's memory back, the first time; later calls do nothing. Any thread. */
    public void release() {
        if (!isEmpty() && released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }

    /** Whether {@link #release} was called on this non-empty slice. */
    public boolean isReleased() {
        return released.get();
    }

    @Override
    public String toString() {
        String held = unread == null ? batches.size() + " batches" : unread.size() + " stretches of unread bytes";
        return "LogSlice[" + held + ", " + sizeInBytes + " bytes" + (released.get() ? ", released]" : "]");
    }
}
