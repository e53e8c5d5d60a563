package io.hexalog.domain.partition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The aborted transactions of one partition in the order their markers were written (Kafka's transaction
 * index): what a read-committed fetch reports so that the consumer can drop aborted records. Not thread-safe:
 * its partition log guards it.
 */
public final class AbortedTransactionIndex {

    /** Ordered by last offset, since markers are appended in offset order. */
    private final List<AbortedTransaction> aborted = new ArrayList<>();

    public AbortedTransactionIndex(Collection<AbortedTransaction> initial) {
        initial.stream()
                .sorted((left, right) -> Long.compare(left.lastOffset(), right.lastOffset()))
                .forEach(aborted::add);
    }

    void add(AbortedTransaction transaction) {
        if (!aborted.isEmpty() && aborted.get(aborted.size() - 1).lastOffset() >= transaction.lastOffset()) {
            throw new IllegalStateException("Aborted transaction " + transaction + " is not after the last one");
        }
        aborted.add(transaction);
    }

    /** The aborted transactions with records in {@code [fromOffset, toOffset)}, in marker order. */
    public List<AbortedTransaction> overlapping(long fromOffset, long toOffset) {
        List<AbortedTransaction> found = new ArrayList<>(0);
        for (int i = firstEndingAtOrAfter(fromOffset); i < aborted.size(); i++) {
            AbortedTransaction transaction = aborted.get(i);
            if (transaction.overlaps(fromOffset, toOffset)) {
                found.add(transaction);
            }
        }
        return found;
    }

    /** Forgets the transactions whose marker lies below the log start offset: no reader can reach them. */
    void trimBefore(long logStartOffset) {
        aborted.subList(0, firstEndingAtOrAfter(logStartOffset)).clear();
    }

    /** Forgets the transactions whose marker (last offset) is one of {@code markerOffsets}. */
    void forgetEndingAt(Collection<Long> markerOffsets) {
        if (!markerOffsets.isEmpty()) {
            Set<Long> markers = Set.copyOf(markerOffsets);
            aborted.removeIf(transaction -> markers.contains(transaction.lastOffset()));
        }
    }

    public List<AbortedTransaction> all() {
        return List.copyOf(aborted);
    }

    private int firstEndingAtOrAfter(long offset) {
        int low = 0;
        int high = aborted.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (aborted.get(middle).lastOffset() < offset) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
