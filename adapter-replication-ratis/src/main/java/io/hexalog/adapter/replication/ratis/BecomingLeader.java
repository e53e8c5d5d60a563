package io.hexalog.adapter.replication.ratis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Requests that reach a node just elected a shard's leader, held until it may serve: a new leader first applies
 * what its predecessors committed (Ratis' leader readiness), a moment after its election, while the other nodes
 * already name it the leader. A produce sent away then with NOT_LEADER_OR_FOLLOWER would come back only after the
 * client's retry backoff, which grows with every attempt the failover already cost it; held, it is served as soon
 * as the leader is ready.
 *
 * <p>The held requests of a shard are released in the order they came, on one thread, and a shard counts as
 * {@link #holding} until the last of them has been handed on, so that a request coming meanwhile waits behind them
 * rather than overtaking a producer's earlier batches. A request is told no instead if the node loses the
 * election's outcome (it no longer leads), or once a wait as long as the longest election timeout has passed.
 */
final class BecomingLeader implements AutoCloseable {

    /** What a node's member of a shard is now. */
    enum Role {
        /** Not the shard's leader: a follower, a candidate, or no member at all. */
        OTHER,
        /** Elected the shard's leader, still applying what its predecessors committed. */
        ELECTED,
        /** The shard's leader, serving. */
        READY
    }

    private record Held(CompletableFuture<Boolean> ready, long deadlineNanos) {
    }

    private static final long POLL_MS = 5;

    private final IntFunction<Role> roles;
    private final ScheduledExecutorService releaser;
    private final long maxWaitNanos;
    private final LongSupplier nanoTime;
    /** By shard: what is held, in the order it came. Under this object's lock. */
    private final Map<Integer, ArrayDeque<Held>> held = new HashMap<>();
    /** By shard: how many requests are held or being handed on. */
    private final Map<Integer, AtomicInteger> holding = new ConcurrentHashMap<>();
    private ScheduledFuture<?> polling;

    /**
     * @param roles    what this node is in a shard, asked at every poll
     * @param releaser the thread that checks the held shards and hands their requests on
     * @param maxWait  how long a request is held at most
     * @param nanoTime the clock deadlines are kept on
     */
    BecomingLeader(IntFunction<Role> roles, ScheduledExecutorService releaser, Duration maxWait, LongSupplier nanoTime) {
        this.roles = roles;
        this.releaser = releaser;
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Completes with true once this node serves the shard as its leader, at once if it does and holds nothing; with
     * false at once if it is not its elected leader, and later if it stops being so or the wait is too long.
     */
    CompletableFuture<Boolean> whenReady(int shard) {
        Role role = roles.apply(shard);
        if (role == Role.READY && !holding(shard)) {
            return CompletableFuture.completedFuture(true);
        }
        if (role == Role.OTHER) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        synchronized (this) {
            holding.computeIfAbsent(shard, any -> new AtomicInteger()).incrementAndGet();
            held.computeIfAbsent(shard, any -> new ArrayDeque<>())
                    .addLast(new Held(ready, nanoTime.getAsLong() + maxWaitNanos));
            if (polling == null) {
                try {
                    polling = releaser.scheduleWithFixedDelay(this::release, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    held.get(shard).removeLast();
                    holding.get(shard).decrementAndGet();
                    return CompletableFuture.completedFuture(false);
                }
            }
        }
        return ready;
    }

    /** Whether requests of the shard are held or being handed on: a new one must wait behind them. */
    boolean holding(int shard) {
        AtomicInteger count = holding.get(shard);
        return count != null && count.get() > 0;
    }

    /** Checks the held shards now, rather than at the next poll: one of them may have become ready. */
    void check() {
        try {
            releaser.execute(this::release);
        } catch (RejectedExecutionException closed) {
            // closing: close() tells the held requests no
        }
    }

    /** Hands on, in their order, the held requests of every shard whose fate is known. */
    private void release() {
        List<Runnable> outcomes = new ArrayList<>();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            for (Iterator<Map.Entry<Integer, ArrayDeque<Held>>> shards = held.entrySet().iterator(); shards.hasNext();) {
                Map.Entry<Integer, ArrayDeque<Held>> shard = shards.next();
                Role role = roles.apply(shard.getKey());
                ArrayDeque<Held> waiting = shard.getValue();
                while (!waiting.isEmpty()) {
                    Held first = waiting.peekFirst();
                    if (role == Role.ELECTED && now - first.deadlineNanos() < 0) {
                        break;
                    }
                    waiting.removeFirst();
                    AtomicInteger count = holding.get(shard.getKey());
                    boolean ready = role == Role.READY;
                    outcomes.add(() -> {
                        first.ready().complete(ready);
                        count.decrementAndGet();
                    });
                }
                if (waiting.isEmpty()) {
                    shards.remove();
                }
            }
            if (held.isEmpty() && polling != null) {
                polling.cancel(false);
                polling = null;
            }
        }
        // on this one thread, in order: each request is handed on before the one after it
        outcomes.forEach(Runnable::run);
    }

    /** Tells every held request no. */
    @Override
    public void close() {
        List<Held> told = new ArrayList<>();
        synchronized (this) {
            held.values().forEach(told::addAll);
            held.clear();
            holding.clear();
            if (polling != null) {
                polling.cancel(false);
                polling = null;
            }
        }
        told.forEach(request -> request.ready().complete(false));
    }
}
