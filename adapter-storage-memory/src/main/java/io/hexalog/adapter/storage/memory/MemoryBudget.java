package io.hexalog.adapter.storage.memory;

import io.hexalog.domain.error.StorageFullException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The off-heap bytes the memory store may hold for batches ({@code log.memory.max.bytes}), shared by every
 * partition. A reservation either fits whole or takes nothing, and reservations made at the same time on
 * different partitions never add up to more than the budget.
 */
final class MemoryBudget {

    private static final System.Logger LOG = System.getLogger(MemoryBudget.class.getName());

    private final long maxBytes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicBoolean refusing = new AtomicBoolean();

    MemoryBudget(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("The memory budget must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** As good as no budget: the JVM's direct memory runs out long before. */
    static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    /** Takes {@code bytes} from the budget if they fit; otherwise takes nothing and answers false. */
    boolean tryReserve(long bytes) {
        return tryReserve(bytes, 0);
    }

    /**
     * Takes {@code bytes} from the budget if they fit once {@code credit} bytes the caller is about to give back are
     * counted as given back already; otherwise takes nothing and answers false. The budget is exceeded by at most
     * the credit until the caller releases it.
     */
    boolean tryReserve(long bytes, long credit) {
        long used;
        do {
            used = usedBytes.get();
            if (bytes > maxBytes - used + credit) {
                return false;
            }
        } while (!usedBytes.compareAndSet(used, used + bytes));
        return true;
    }

    /** Gives back bytes reserved earlier and used; appends refused before may fit now. */
    void release(long bytes) {
        usedBytes.addAndGet(-bytes);
        refusing.set(false);
    }

    /** Gives back a reservation that could not be used (the JVM refused the memory): nothing new fits. */
    void cancel(long bytes) {
        usedBytes.addAndGet(-bytes);
    }

    /**
     * The failure for an append of {@code bytes} that did not fit. The first refusal after memory was last
     * given back is logged; the others are not, so that a full broker does not log once per produce request.
     */
    StorageFullException refusal(TopicIdPartition partition, long bytes) {
        long used = usedBytes.get();
        if (refusing.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "Memory storage is full: refusing appends that do not fit in "
                    + maxBytes + " bytes (--memory-max-bytes, log.memory.max.bytes), " + used + " bytes in use. "
                    + "Producers are told POLICY_VIOLATION until retention, DeleteRecords or deleting a topic gives "
                    + "memory back.");
        }
        if (bytes <= maxBytes - used) {
            return new StorageFullException("Memory storage is full: the JVM has no direct memory left for " + bytes
                    + " bytes for " + partition + " (-XX:MaxDirectMemorySize), although its budget of " + maxBytes
                    + " bytes (log.memory.max.bytes) has room; set the budget lower");
        }
        return new StorageFullException("Memory storage is full: " + bytes + " bytes for " + partition
                + " do not fit in its budget of " + maxBytes + " bytes (log.memory.max.bytes), " + used
                + " bytes in use");
    }

    long maxBytes() {
        return maxBytes;
    }

    long usedBytes() {
        return usedBytes.get();
    }
}
