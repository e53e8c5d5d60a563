package io.hexalog.adapter.protocol.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The broker-wide budget of bytes held for fetch responses ({@code fetch.memory.bytes}): from before a fetch
 * reads until its response has been written to the socket, or until its connection has closed. Every
 * connection's fetches share it, so that however many fetches clients send, the batches read for them
 * never need more memory than the budget (plus what KIP-74 allows each fetch beyond its limit, see below).
 *
 * <p>A fetch {@link #reserve reserves} what it could read at most. It gets all of it when the budget has
 * that much room, and otherwise what is left, its maximum bytes trimmed to match (the client sees a
 * smaller response and fetches the rest next time, as after any partial fetch). When nothing is left it
 * waits, without blocking any thread, until others release; waiting fetches are served in the order they
 * asked.
 *
 * <p>KIP-74 lets the first batch of a response exceed the fetch's limit, so a fetch can read more than it
 * reserved. It then {@link Reservation#settle settles} on what it read: the budget counts the overshoot, at
 * most one batch per fetch, and lets no other fetch start until it has room again. Settling also gives back
 * the part of a reservation a fetch did not use, at once rather than when its response has been sent.
 *
 * <p>Thread-safe: fetches reserve on event loops and settle on whichever thread completes their read.
 */
final class FetchMemoryBudget {

    private final long limitBytes;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long reservedBytes;
    private long peakReservedBytes;

    /** @param limitBytes the bytes all fetch responses may hold at once; positive */
    FetchMemoryBudget(long limitBytes) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("the fetch memory budget must be positive: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /**
     * Reserves up to {@code wantedBytes}: completes at once when the budget has room and no earlier fetch
     * waits, later otherwise, with what the budget can give (never more than wanted, possibly fewer).
     *
     * @param wantedBytes the most the fetch could read; not negative (zero still waits for room, since
     *                    KIP-74 lets such a fetch read one batch)
     */
    CompletableFuture<Reservation> reserve(long wantedBytes) {
        if (wantedBytes < 0) {
            throw new IllegalArgumentException("wanted bytes must not be negative: " + wantedBytes);
        }
        Waiting asked = new Waiting(wantedBytes);
        List<Waiting> granted;
        synchronized (this) {
            waiting.add(asked);
            granted = grantWaiting();
        }
        complete(granted);
        return asked.reservation;
    }

    /** The budget: the bytes all fetch responses may hold at once. */
    long limitBytes() {
        return limitBytes;
    }

    /** Bytes reserved or read for fetch responses now: the gauge of this budget's use. */
    synchronized long reservedBytes() {
        return reservedBytes;
    }

    /** The most bytes reserved or read at any one time since the budget was made. */
    synchronized long peakReservedBytes() {
        return peakReservedBytes;
    }

    /** Fetches waiting for room. */
    synchronized int waitingFetches() {
        return waiting.size();
    }

    private List<Waiting> grantWaiting() {
        List<Waiting> granted = new ArrayList<>();
        while (!waiting.isEmpty() && reservedBytes < limitBytes) {
            Waiting next = waiting.poll();
            next.grantedBytes = Math.min(next.wantedBytes, limitBytes - reservedBytes);
            charge(next.grantedBytes);
            granted.add(next);
        }
        return granted;
    }

    /** Completes outside the lock: a granted fetch goes on to read on this thread. */
    private void complete(List<Waiting> granted) {
        for (Waiting grant : granted) {
            grant.reservation.complete(new Reservation(grant.grantedBytes));
        }
    }

    private void charge(long bytes) {
        reservedBytes += bytes;
        peakReservedBytes = Math.max(peakReservedBytes, reservedBytes);
    }

    /** The bytes one fetch holds; give them back with {@link #release()}, exactly once or more (idempotent). */
    final class Reservation {

        private long bytes;
        private boolean released;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        /** What the fetch holds: the most it may ask to read, until it settles on what it read. */
        long bytes() {
            synchronized (FetchMemoryBudget.this) {
                return bytes;
            }
        }

        /**
         * Holds what the fetch really read instead of what it reserved: gives back the rest, or counts a
         * first batch larger than the reservation (KIP-74). Nothing once released.
         */
        void settle(long bytesRead) {
            if (bytesRead < 0) {
                throw new IllegalArgumentException("bytes read must not be negative: " + bytesRead);
            }
            List<Waiting> granted;
            synchronized (FetchMemoryBudget.this) {
                if (released) {
                    return;
                }
                reservedBytes -= bytes;
                bytes = bytesRead;
                charge(bytes);
                granted = grantWaiting();
            }
            complete(granted);
        }

        /** Gives the bytes back to the budget; waiting fetches may then start. */
        void release() {
            List<Waiting> granted;
            synchronized (FetchMemoryBudget.this) {
                if (released) {
                    return;
                }
                released = true;
                reservedBytes -= bytes;
                granted = grantWaiting();
            }
            complete(granted);
        }
    }

    private static final class Waiting {

        private final long wantedBytes;
        private final CompletableFuture<Reservation> reservation = new CompletableFuture<>();
        private long grantedBytes;

        private Waiting(long wantedBytes) {
            this.wantedBytes = wantedBytes;
        }
    }
}
