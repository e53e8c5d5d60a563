package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.error.KafkaStorageException;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one thread that writes to RocksDB. Callers queue writes and get a future; the thread takes every
 * write waiting in the queue, puts them in one {@link WriteBatch}, writes it with one WAL append (and one
 * fsync when a write asks for it), then completes the futures in queue order. Writes queued while a write
 * is in progress therefore share the next one: group commit, as in a database's log writer.
 *
 * <p>Futures complete on this thread, so their callbacks must not block (a callback that waits for
 * another write would wait forever).
 */
final class GroupCommitWriter implements AutoCloseable {

    /** Caps a group so that one huge backlog does not become one huge write. */
    static final int MAX_GROUP_BYTES = 16 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());

    /** Puts and deletes that must be applied together. */
    @FunctionalInterface
    interface Mutation {
        void applyTo(Database database, WriteBatch batch) throws RocksDBException;
    }

    private record Write(Mutation mutation, int sizeInBytes, boolean sync, CompletableFuture<Void> done) {
    }

    private static final Write STOP = new Write((database, batch) -> { }, 0, false, null);

    private final Database database;
    private final boolean syncEveryWrite;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object lifecycle = new Object();
    private boolean closed;
    private long groupsWritten;

    GroupCommitWriter(Database database, FsyncPolicy fsync, String threadName) {
        this.database = database;
        this.syncEveryWrite = fsync == FsyncPolicy.ALWAYS;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a write.
     *
     * @param sizeInBytes roughly what the mutation adds to a write batch
     * @param forceSync   fsync the WAL for this write whatever the policy (for rare metadata writes)
     * @return completes once the write is in the WAL (and synced if the policy or {@code forceSync} says so);
     *         fails with {@link KafkaStorageException} if the write failed or the writer is closed
     */
    CompletableFuture<Void> submit(Mutation mutation, int sizeInBytes, boolean forceSync) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lifecycle) {
            if (closed) {
                return CompletableFuture.failedFuture(new KafkaStorageException("RocksDB storage is closed"));
            }
            queue.add(new Write(mutation, sizeInBytes, forceSync || syncEveryWrite, done));
        }
        return done;
    }

    /**
     * Waits for a write submitted here, for callers whose port promises durability when they return (catalog
     * and committed-offset changes); a failure is rethrown naming what was being written.
     */
    static void await(String what, CompletableFuture<Void> written) {
        try {
            written.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof KafkaStorageException storage) {
                throw new KafkaStorageException(what + " failed: " + storage.getMessage(), storage);
            }
            throw e;
        }
    }

    /** How many groups were written so far; each is one write (and at most one fsync). */
    synchronized long groupsWritten() {
        return groupsWritten;
    }

    private void run() {
        List<Write> group = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            Write first = takeUninterruptibly();
            if (first == STOP) {
                return;
            }
            group.add(first);
            long bytes = first.sizeInBytes();
            Write next;
            while (bytes < MAX_GROUP_BYTES && (next = queue.poll()) != null) {
                if (next == STOP) {
                    stopping = true;
                    break;
                }
                group.add(next);
                bytes += next.sizeInBytes();
            }
            writeGroup(group);
            group.clear();
        }
    }

    private Write takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // only close() stops this thread, through the queue, so that no queued write is dropped
            }
        }
    }

    private void writeGroup(List<Write> group) {
        try {
            database.access(db -> {
                boolean sync = group.stream().anyMatch(Write::sync);
                try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions().setSync(sync)) {
                    for (Write write : group) {
                        write.mutation().applyTo(db, batch);
                    }
                    db.db().write(options, batch);
                }
                return null;
            });
        } catch (RocksDBException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Writing a group of " + group.size() + " writes to RocksDB failed", e);
            KafkaStorageException failure = e instanceof KafkaStorageException storage ? storage
                    : new KafkaStorageException("Writing to RocksDB failed: " + e.getMessage(), e);
            group.forEach(write -> write.done().completeExceptionally(failure));
            return;
        }
        synchronized (this) {
            groupsWritten++;
        }
        group.forEach(write -> write.done().complete(null));
    }

    /** Stops taking writes, writes those already queued and waits for the thread to finish. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
