package io.hexalog.adapter.replication.ratis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far one Raft group has been applied on this node, and who waits for an entry to be: the highest index whose
 * command has been applied here, outcome included, or that a snapshot resumes after.
 *
 * <p>A command agreed through another node's leadership is answered only once its change is visible here too
 * ({@link #whenReached}): a client told that a topic exists must find it on the broker that told it. The index only
 * grows; the thread that moves it completes the waits it reached, lowest index first, and one that adds a wait the
 * index has reached meanwhile completes it itself.
 */
final class AppliedIndex {

    /** Nothing applied: no entry, no snapshot. */
    static final long NONE = -1;

    private final AtomicLong index = new AtomicLong(NONE);
    /** Who waits, by the index they wait for. */
    private final ConcurrentSkipListMap<Long, List<CompletableFuture<Void>>> waiting = new ConcurrentSkipListMap<>();

    /** The highest index applied here, or {@link #NONE}. */
    long get() {
        return index.get();
    }

    /** Notes that everything up to {@code reached} is applied (a lower index changes nothing); lets its waits go. */
    void reach(long reached) {
        release(index.accumulateAndGet(reached, Math::max));
    }

    /** Completes once everything up to {@code wanted} is applied here; at once if it is already. */
    CompletableFuture<Void> whenReached(long wanted) {
        if (index.get() >= wanted) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> wait = new CompletableFuture<>();
        waiting.compute(wanted, (ignored, waits) -> {
            List<CompletableFuture<Void>> list = waits == null ? new ArrayList<>() : new ArrayList<>(waits);
            list.add(wait);
            return list;
        });
        // the index may have moved between the look above and the wait being added, with no one left to release it
        release(index.get());
        return wait;
    }

    private void release(long upTo) {
        Map.Entry<Long, List<CompletableFuture<Void>>> first;
        while ((first = waiting.firstEntry()) != null && first.getKey() <= upTo) {
            List<CompletableFuture<Void>> waits = waiting.remove(first.getKey());
            if (waits != null) {
                waits.forEach(wait -> wait.complete(null));
            }
        }
    }
}
