package io.hexalog.adapter.replication.ratis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Tells the metadata group's followers at once that what its leader applied is committed.
 *
 * <p>A follower learns how far the log is committed from the next message its leader sends: the next entry, or a
 * heartbeat up to half an election timeout later. Ratis can append an entry of its own each time the commit index
 * moves ("log metadata"), in every group; in the shard groups, where producers keep the entries coming, those made
 * more than a third of the entries, each written, sent and forced on every node, and they are off. The metadata log
 * is quiet between changes, and a node that applies a change late answers from an older view: a topic it does not
 * know yet, a broker it has not seen register. So its leader, once it applied a command, appends a
 * {@link CommandCodec.CommitAnnouncement}, which carries the new commit index to the followers. One announcement is
 * on its way at a time; commands applied meanwhile get the next one.
 */
final class CommitAnnouncer {

    private final BooleanSupplier leads;
    private final Supplier<CompletableFuture<?>> announce;
    private final AtomicBoolean announcing = new AtomicBoolean();
    /** Commands applied since the announcement on its way was sent. */
    private final AtomicLong unannounced = new AtomicLong();

    /**
     * @param leads    whether this node leads the metadata group now
     * @param announce appends an announcement to the metadata log; completes once it is applied here
     */
    CommitAnnouncer(BooleanSupplier leads, Supplier<CompletableFuture<?>> announce) {
        this.leads = leads;
        this.announce = announce;
    }

    /** A command of the metadata log (not an announcement) was applied on this node. */
    void commandApplied() {
        unannounced.incrementAndGet();
        announceIfDue();
    }

    private void announceIfDue() {
        if (unannounced.get() == 0 || !leads.getAsBoolean() || !announcing.compareAndSet(false, true)) {
            return;
        }
        unannounced.set(0);
        CompletableFuture<?> sent;
        try {
            sent = announce.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((applied, failure) -> {
            announcing.set(false);
            // a leader that lost the group stops here: its successor announces what it applies
            if (failure == null) {
                announceIfDue();
            }
        });
    }
}
