package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.error.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The commands of one Raft group that this node's store failed to write (a full disk, a failing device), held in
 * log order and applied again until the store takes them, while the group applies nothing after them.
 *
 * <p>Every node applies the same log and must end with the same partitions. A single broker answers a produce its
 * store failed with KAFKA_STORAGE_ERROR and has stored nothing; a node of a cluster cannot skip a committed entry that
 * the others stored, or its partition would lack those batches and hold every later one at other offsets. So the
 * command is held: it is applied again every {@code retryInterval} (its partition comes back online once storage
 * takes writes again), together with any command of the group already on its way that failed after it, lowest
 * position first, and the group's applying thread waits ({@link #awaitNoneHeld}) until none is left. The other nodes
 * go on meanwhile, and this one then applies what it missed from its Raft log. Its outcome, and so the answer to a
 * produce this node leads, comes once the store took it.
 */
final class HeldApplies {

    private static final Logger LOG = LoggerFactory.getLogger(HeldApplies.class);

    /** Applies a held command once more; completes with its outcome, or fails. */
    @FunctionalInterface
    interface Attempt {
        CompletableFuture<?> attempt();
    }

    private record Held(Attempt attempt, CompletableFuture<Object> outcome) {
    }

    private final String group;
    private final Duration retryInterval;
    /** By position in the log; guarded by this. */
    private final TreeMap<Long, Held> held = new TreeMap<>();
    /** Guarded by this. */
    private Thread retrying;
    /** Guarded by this. */
    private boolean stopped;
    /** Whether the node stopped with commands held, which its store then lacks, as all that follows; guarded by this. */
    private boolean stoppedWhileHolding;

    HeldApplies(String group, Duration retryInterval) {
        this.group = group;
        this.retryInterval = retryInterval;
    }

    /** Whether a command failed because this node's store did, rather than by the log's decision. */
    static boolean isStoreFailure(Throwable failure) {
        return cause(failure) instanceof KafkaStorageException;
    }

    /**
     * Holds the command at {@code position} of the entry at {@code index}, which the store failed to write.
     *
     * @return completes with the command's outcome once the store took it, or fails with what a later attempt
     *         decided; fails with KAFKA_STORAGE_ERROR if the node stops first
     */
    CompletableFuture<Object> hold(long position, long index, Throwable failure, Attempt attempt) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        synchronized (this) {
            if (stopped) {
                stoppedWhileHolding = true;
                outcome.completeExceptionally(stopping());
                return outcome;
            }
            held.put(position, new Held(attempt, outcome));
            if (retrying == null) {
                LOG.warn("This node's store failed to write entry {} of the {} group ({}): the group applies "
                        + "nothing more here until the store takes it, tried again every {} ms", index, group,
                        cause(failure).getMessage(), retryInterval.toMillis());
                retrying = new Thread(this::retryUntilStored, group + "-held-applies");
                retrying.setDaemon(true);
                retrying.start();
            }
        }
        return outcome;
    }

    /**
     * Waits while commands are held, so that no later entry of the group is applied before them.
     *
     * @return false if the node stopped with commands held: what follows them must not be applied either
     */
    synchronized boolean awaitNoneHeld() throws InterruptedException {
        while (!held.isEmpty() && !stopped) {
            wait();
        }
        return !stoppedWhileHolding;
    }

    /** Whether a command is held now. */
    synchronized boolean holds() {
        return !held.isEmpty();
    }

    /** Whether the store may lack a command the group counts as applied, so that no snapshot may cover it. */
    synchronized boolean storeMayLackApplied() {
        return !held.isEmpty() || stoppedWhileHolding;
    }

    /**
     * Stops retrying: what is held fails, the applying thread is let go, and the store is counted as lacking it,
     * so that the next start applies it again from the log.
     */
    void stop() {
        List<Held> left;
        Thread thread;
        synchronized (this) {
            stopped = true;
            stoppedWhileHolding |= !held.isEmpty();
            left = new ArrayList<>(held.values());
            thread = retrying;
            notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
        }
        left.forEach(command -> command.outcome().completeExceptionally(stopping()));
    }

    private void retryUntilStored() {
        try {
            while (true) {
                Map.Entry<Long, Held> first;
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    if (held.isEmpty()) {
                        retrying = null;
                        notifyAll();
                        LOG.info("This node's store took the held entries of the {} group: it applies on", group);
                        return;
                    }
                    first = held.firstEntry();
                }
                Held command = first.getValue();
                Object value = null;
                Throwable failure = null;
                try {
                    value = command.attempt().attempt().get();
                } catch (ExecutionException | RuntimeException e) {
                    failure = cause(e);
                }
                if (failure != null && isStoreFailure(failure)) {
                    Thread.sleep(retryInterval.toMillis());
                    continue;
                }
                synchronized (this) {
                    held.remove(first.getKey());
                }
                if (failure == null) {
                    command.outcome().complete(value);
                } else {
                    command.outcome().completeExceptionally(failure);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KafkaStorageException stopping() {
        return new KafkaStorageException("The node stopped before its store took an entry of the " + group
                + " group; its next start applies it again");
    }

    /** The failure inside the futures' wrappers ({@link CompletionException}, {@link ExecutionException}). */
    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
