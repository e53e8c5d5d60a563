package io.hexalog.adapter.storage.memory;

import io.hexalog.domain.error.StorageFullException;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Off-heap memory that one partition's batches are copied into back to back. Segments start small, so that a
 * quiet partition costs little, and double up to a limit as the partition grows; the batches of an append that
 * do not fit in the current segment go together into a new one, larger if they need it.
 *
 * <p>Every segment is paid for from the store's {@link MemoryBudget} when it is allocated, its whole capacity,
 * and paid back when the last batch in it is deleted: the budget counts the direct memory the store holds,
 * not only the bytes of its batches. Not thread-safe: the partition's log guards it.
 */
final class Segments {

    private static final int FIRST_SEGMENT_BYTES = 64 * 1024;
    private static final int MAX_SEGMENT_BYTES = 4 * 1024 * 1024;

    private final TopicIdPartition partition;
    private final MemoryBudget budget;
    /** Oldest first; the last one is the current segment, the one batches are copied into. */
    private final Deque<Segment> held = new ArrayDeque<>();
    /** The segment holding each stored batch, by base offset: cleaning frees a segment once none is left in it. */
    private final Map<Long, Segment> holders = new HashMap<>();
    private int nextSegmentBytes = FIRST_SEGMENT_BYTES;

    Segments(TopicIdPartition partition, MemoryBudget budget) {
        this.partition = partition;
        this.budget = budget;
    }

    /**
     * Copies an append's batches, all of them or none.
     *
     * @return the copies, in order, each a read-only view of segment memory
     * @throws StorageFullException if the memory they need does not fit in the budget; nothing was copied
     */
    List<RecordBatch> copy(List<RecordBatch> batches) {
        return copy(batches, 0);
    }

    /**
     * Copies batches, all or none, where {@code credit} bytes of held segments are given back right after: a new
     * segment may take them from the budget ahead of time.
     */
    private List<RecordBatch> copy(List<RecordBatch> batches, long credit) {
        Segment current = held.peekLast();
        int room = current == null ? 0 : current.bytes.remaining();
        int intoCurrent = 0;
        long taken = 0;
        while (intoCurrent < batches.size() && taken + batches.get(intoCurrent).sizeInBytes() <= room) {
            taken += batches.get(intoCurrent).sizeInBytes();
            intoCurrent++;
        }
        long rest = batches.stream().skip(intoCurrent).mapToLong(RecordBatch::sizeInBytes).sum();
        Segment fresh = null;
        if (rest > 0) {
            fresh = allocate(rest, credit).orElseThrow(() -> budget.refusal(partition, rest));
        }
        List<RecordBatch> copies = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            Segment into = i < intoCurrent ? current : fresh;
            copies.add(into.copy(batches.get(i)));
            into.batches++;
            Segment before = holders.put(batches.get(i).baseOffset(), into);
            if (before != null) {
                before.batches--;
            }
        }
        if (fresh != null) {
            held.addLast(fresh);
        }
        return copies;
    }

    /**
     * Gives back the segments whose batches all end at or before {@code offset}, once the log no longer holds
     * them (the batches may still be read by a fetch in flight; the JVM frees the memory after it).
     */
    void releaseBefore(long offset) {
        while (!held.isEmpty() && held.peekFirst().endOffset <= offset) {
            Segment released = held.pollFirst();
            holders.values().removeIf(holder -> holder == released);
            budget.release(released.bytes.capacity());
        }
    }

    /**
     * Copies the cleaned versions of batches, all of them or none, and forgets the batches they replace and those
     * cleaning removed: a segment left holding none of the log's batches is given back, unless it is the current one.
     * The copies may use the memory of the segments they empty before it is given back, so that a full budget does
     * not stop the cleaning that would free it; the budget is kept again once the call returns.
     *
     * @param replaced     the base offsets of the batches replaced or removed
     * @param replacements the cleaned batches to copy, each with the base offset of a batch it replaces
     * @return the copies, in order
     * @throws StorageFullException if the copies do not fit in the budget; nothing changed
     */
    List<RecordBatch> replace(List<Long> replaced, List<RecordBatch> replacements) {
        List<Segment> previous = new ArrayList<>(replaced.size());
        for (long baseOffset : replaced) {
            previous.add(holders.get(baseOffset));
        }
        List<RecordBatch> copies = copy(replacements, emptiedBy(previous));
        Set<Long> stillHeld = new HashSet<>();
        replacements.forEach(batch -> stillHeld.add(batch.baseOffset()));
        for (long baseOffset : replaced) {
            Segment removedFrom = stillHeld.contains(baseOffset) ? null : holders.remove(baseOffset);
            if (removedFrom != null) {
                removedFrom.batches--;
            }
        }
        for (Segment segment : previous) {
            if (segment != null && segment.batches == 0 && segment != held.peekLast() && held.remove(segment)) {
                budget.release(segment.bytes.capacity());
            }
        }
        return copies;
    }

    /** The bytes of the segments, other than the current one, whose every batch is among those replaced. */
    private long emptiedBy(List<Segment> replacedHolders) {
        Map<Segment, Integer> replacedIn = new IdentityHashMap<>();
        for (Segment segment : replacedHolders) {
            if (segment != null && segment != held.peekLast()) {
                replacedIn.merge(segment, 1, Integer::sum);
            }
        }
        return replacedIn.entrySet().stream().filter(entry -> entry.getKey().batches == entry.getValue())
                .mapToLong(entry -> entry.getKey().bytes.capacity()).sum();
    }

    /** Gives back every segment: the partition is gone. */
    void releaseAll() {
        holders.clear();
        while (!held.isEmpty()) {
            budget.release(held.pollFirst().bytes.capacity());
        }
    }

    /**
     * A segment for {@code needed} bytes: of the next size up if the budget allows, else of exactly that size,
     * so that a nearly full budget is used to its last byte.
     */
    private Optional<Segment> allocate(long needed, long credit) {
        if (needed > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        if (needed < nextSegmentBytes) {
            Optional<Segment> grown = allocateExactly(nextSegmentBytes, credit);
            if (grown.isPresent()) {
                nextSegmentBytes = Math.min(MAX_SEGMENT_BYTES, nextSegmentBytes * 2);
                return grown;
            }
        }
        return allocateExactly((int) needed, credit);
    }

    private Optional<Segment> allocateExactly(int capacity, long credit) {
        if (!budget.tryReserve(capacity, credit)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Segment(ByteBuffer.allocateDirect(capacity)));
        } catch (OutOfMemoryError e) {
            // the JVM's direct memory ran out before the budget: a budget set too high, or network buffers
            budget.cancel(capacity);
            return Optional.empty();
        }
    }

    /** One block of direct memory and the offset its last batch ends at. */
    private static final class Segment {

        private final ByteBuffer bytes;
        private long endOffset;
        /** How many of the log's batches it holds. */
        private int batches;

        Segment(ByteBuffer bytes) {
            this.bytes = bytes;
        }

        RecordBatch copy(RecordBatch batch) {
            ByteBuffer source = batch.bytes();
            int size = source.remaining();
            int start = bytes.position();
            bytes.put(source);
            endOffset = Math.max(endOffset, batch.nextOffset());
            return RecordBatch.wrap(bytes.slice(start, size).asReadOnlyBuffer());
        }
    }
}
