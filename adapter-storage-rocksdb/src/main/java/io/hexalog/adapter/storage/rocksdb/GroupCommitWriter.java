package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.error.KafkaStorageException;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one thread that writes to RocksDB. Callers queue writes and get a future; the thread takes every
 * write waiting in the queue, puts them in one {@link WriteBatch}, writes it with one WAL append (and one
 * fsync when a write asks for it), then completes the futures in queue order. Writes queued while a write
 * is in progress therefore share the next one: group commit, as in a database's log writer.
 *
 * <p>Futures complete on this thread, so their callbacks must not block (a callback that waits for
 * another write would wait forever).
 *
 * <p>A failed write fails every write queued before the failure was known, even if RocksDB would take them
 * by then: they may continue what failed (the next offsets of a partition), and storing them would leave a
 * gap. RocksDB refuses writes after a failed one while its background error lasts (a full disk); it
 * resumes on its own once space is free, which {@link #checkWritable} notices.
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

    /**
     * A write that also writes files beside RocksDB (segment files), whose RocksDB part is what makes the file
     * writes count: the writer stages it, forces the files it names when the group is synced, writes the group
     * and then tells it how that went, on the writer thread, before any future of the group completes.
     */
    interface StagedWrite {

        /**
         * Writes the files and adds the RocksDB part to the group's batch.
         *
         * @param forced collects the files to force before the group's RocksDB write, if the group is synced
         */
        void stage(Database database, WriteBatch batch, Set<SegmentFile> forced) throws RocksDBException, IOException;

        /**
         * The group was written: what was staged counts now. An exception thrown here is logged; it fails nothing,
         * since the write is in RocksDB already.
         */
        void committed();

        /** The group failed after this was staged: what it wrote to files does not count. */
        void failed();
    }

    /**
     * Thrown by {@link StagedWrite#stage} before it has staged anything, to refuse its own write alone (a write to a
     * topic deleted by a write staged before it): that write's future fails with it, the rest of the group goes on.
     */
    static final class RefusedWrite extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedWrite(String message) {
            super(message, null, false, false);
        }

        KafkaStorageException failure() {
            return new KafkaStorageException(getMessage());
        }
    }

    /** @param failuresBefore how many groups had failed when the write was queued */
    private record Write(StagedWrite staged, int sizeInBytes, boolean sync, long failuresBefore,
                         CompletableFuture<Void> done) {
    }

    /** A mutation of RocksDB alone. */
    private record MutationOnly(Mutation mutation) implements StagedWrite {
        @Override
        public void stage(Database database, WriteBatch batch, Set<SegmentFile> forced) throws RocksDBException {
            mutation.applyTo(database, batch);
        }

        @Override
        public void committed() {
        }

        @Override
        public void failed() {
        }
    }

    private static final StagedWrite NOTHING = new MutationOnly((database, batch) -> { });
    private static final Write STOP = new Write(NOTHING, 0, false, 0, null);

    private final Database database;
    private final boolean syncEveryWrite;
    /** Files forced before every synced group, besides those its own writes name. */
    private volatile Supplier<Collection<SegmentFile>> forcedWithEverySync = List::of;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object lifecycle = new Object();
    private boolean closed;
    private long groupsWritten;
    /**
     * Groups that failed so far and whose futures have all failed: a write another thread queues knows of those
     * failures alone. Written by the writer thread only.
     */
    private volatile long failedGroups;
    /**
     * Groups that failed so far, the one whose futures are failing now among them: what a write queued by those
     * futures' callbacks knows of where they run on the writer thread (a thread waiting on one of the futures may run
     * them instead, and its writes count as another thread's). Touched by the writer thread only.
     */
    private long failedGroupsOnWriter;
    /** Whether the latest group (or check) was written; false from a failure until a write succeeds. */
    private volatile boolean writable = true;

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
        return submit(new MutationOnly(mutation), sizeInBytes, forceSync);
    }

    /**
     * Queues a write that writes files too; see {@link StagedWrite}.
     *
     * @return as {@link #submit(Mutation, int, boolean)}; once it completes, the files it wrote are forced too if the
     *         write was synced
     */
    CompletableFuture<Void> submit(StagedWrite staged, int sizeInBytes, boolean forceSync) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lifecycle) {
            if (closed) {
                return CompletableFuture.failedFuture(new KafkaStorageException("RocksDB storage is closed"));
            }
            // a thread that has not seen a failed group's futures fail may be queuing what continues one of them
            long failuresKnown = Thread.currentThread() == thread ? failedGroupsOnWriter : failedGroups;
            queue.add(new Write(staged, sizeInBytes, forceSync || syncEveryWrite, failuresKnown, done));
        }
        return done;
    }

    /**
     * Has every synced group force {@code files} too before its RocksDB write: with {@code --fsync=never}, the segment
     * files written since they were last forced, so that a synced write (which syncs the whole write-ahead log, earlier
     * groups' index entries included) never takes index entries to the disk ahead of the bytes they name.
     */
    void forceWithEverySync(Supplier<Collection<SegmentFile>> files) {
        this.forcedWithEverySync = files;
    }

    /**
     * Forces the write-ahead log to disk, in order with the writes queued before: once it completes, every write
     * completed before the call survives a crash of the machine, whatever the fsync policy.
     *
     * @return completes once the log is forced; fails with {@link KafkaStorageException} if forcing it failed
     */
    CompletableFuture<Void> syncWal() {
        return submit(NOTHING, 0, true);
    }

    /**
     * Whether the latest write went through: false from a failed write until one succeeds again. Answers at
     * once; {@link #checkWritable} asks RocksDB.
     */
    boolean isWritable() {
        return writable;
    }

    /**
     * Queues an empty write: RocksDB refuses even that while it holds a background error, so it tells
     * whether writes go through again, in order with the writes queued before it.
     *
     * @return completes with whether the empty write went through; never fails
     */
    CompletableFuture<Boolean> checkWritable() {
        return submit(NOTHING, 0, false).handle((ignored, failure) -> failure == null);
    }

    /**
     * Checks every {@code interval} until a write goes through or {@code timeout} has passed, blocking the
     * caller.
     *
     * @return whether writes go through
     */
    boolean awaitWritable(Duration timeout, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!checkWritable().join()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
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

    /**
     * How many groups failed whose futures have all failed: a write another thread queues from then on goes through.
     * One queued while a failed group's futures are failing is refused, even by a thread that saw one of them fail
     * (it cannot be told from one that could not have); its next write goes through.
     */
    long failedGroups() {
        return failedGroups;
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
        long failures = failedGroupsOnWriter;
        // a check or a sync of the log writes nothing that could depend on what failed
        Predicate<Write> queuedBeforeAFailure = write -> write.failuresBefore() != failures && write.staged() != NOTHING;
        List<Write> refusedForAFailure = group.stream().filter(queuedBeforeAFailure).toList();
        if (!refusedForAFailure.isEmpty()) {
            KafkaStorageException failure = new KafkaStorageException(
                    "Not written: a write queued before it failed, and this one may depend on it");
            refusedForAFailure.forEach(write -> write.done().completeExceptionally(failure));
            group.removeIf(queuedBeforeAFailure);
            if (group.isEmpty()) {
                return;
            }
        }
        List<Write> staged = new ArrayList<>(group.size());
        Map<Write, KafkaStorageException> refused = new IdentityHashMap<>();
        try {
            database.access(db -> {
                boolean sync = group.stream().anyMatch(Write::sync);
                try (WriteBatch batch = new WriteBatch(); WriteOptions options = new WriteOptions().setSync(sync)) {
                    Set<SegmentFile> forced = new LinkedHashSet<>();
                    try {
                        for (Write write : group) {
                            staged.add(write);
                            try {
                                write.staged().stage(db, batch, forced);
                            } catch (RefusedWrite refusal) {
                                staged.remove(staged.size() - 1);
                                refused.put(write, refusal.failure());
                            }
                        }
                        if (sync) {
                            // the files first: once RocksDB has the index entries, the bytes they name must be there
                            forced.addAll(forcedWithEverySync.get());
                            for (SegmentFile file : forced) {
                                file.force();
                            }
                        }
                    } catch (IOException e) {
                        throw new KafkaStorageException("Writing segment files failed: " + e, e);
                    }
                    if (sync && batch.count() == 0) {
                        // nothing to write, only what was written before to force (syncWal)
                        db.db().syncWal();
                    } else {
                        db.db().write(options, batch);
                    }
                }
                return null;
            });
        } catch (RocksDBException | RuntimeException e) {
            // One line when writes start failing, not one per refused write while the disk stays full.
            LOG.log(writable ? System.Logger.Level.ERROR : System.Logger.Level.DEBUG,
                    "Writing a group of " + group.size() + " writes to RocksDB failed", e);
            KafkaStorageException failure = e instanceof KafkaStorageException storage ? storage
                    : new KafkaStorageException("Writing to RocksDB failed: " + e.getMessage(), e);
            failedGroupsOnWriter = failures + 1;
            writable = false;
            for (int i = staged.size() - 1; i >= 0; i--) {
                staged.get(i).staged().failed();
            }
            group.forEach(write -> write.done().completeExceptionally(refused.getOrDefault(write, failure)));
            failedGroups = failures + 1;
            return;
        }
        for (Write write : staged) {
            try {
                write.staged().committed();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Completing a write after it was written to RocksDB failed", e);
            }
        }
        if (!writable) {
            LOG.log(System.Logger.Level.INFO, "RocksDB accepts writes again");
            writable = true;
        }
        synchronized (this) {
            groupsWritten++;
        }
        for (Write write : group) {
            KafkaStorageException refusal = refused.get(write);
            if (refusal == null) {
                write.done().complete(null);
            } else {
                write.done().completeExceptionally(refusal);
            }
        }
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
