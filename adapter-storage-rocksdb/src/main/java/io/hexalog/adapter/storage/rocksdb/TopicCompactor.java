package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.TopicId;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDBException;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Compacts the key range of a deleted topic on its own thread. A range delete hides the keys at once but
 * frees their space only when compaction passes over them; compacting the range right away gives the disk
 * back without waiting for RocksDB to get there on its own. A compaction still running at close is
 * cancelled: the range delete already did what matters.
 */
final class TopicCompactor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TopicCompactor.class.getName());

    private final Database database;
    private final ExecutorService thread;
    private final CompactRangeOptions options = new CompactRangeOptions();
    private volatile boolean closing;

    TopicCompactor(Database database, String threadName) {
        this.database = database;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread compactor = new Thread(runnable, threadName);
            compactor.setDaemon(true);
            return compactor;
        });
    }

    void compactLater(TopicId topicId) {
        try {
            thread.execute(() -> compact(topicId));
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Storage closing; deleted topic " + topicId
                    + " is left for RocksDB's own compactions");
        }
    }

    /**
     * Drops, at once and on the caller, the table files that hold nothing but the topic's batch index entries and
     * producer states (its batches are in segment files, which deleting the topic deletes). Only a small MANIFEST record is written, so RocksDB allows it while it refuses writes
     * on a full disk, and the space comes back; keys in other files, the memtables and the WAL stay until the
     * topic's range delete and compaction.
     */
    void dropFiles(TopicId topicId) throws RocksDBException {
        List<byte[]> range = List.of(Keys.topicStart(topicId), Keys.topicEnd(topicId));
        database.access(db -> {
            db.db().deleteFilesInRanges(db.batchIndex(), range, false);
            db.db().deleteFilesInRanges(db.producerState(), range, false);
            return null;
        });
    }

    private void compact(TopicId topicId) {
        byte[] start = Keys.topicStart(topicId);
        byte[] end = Keys.topicEnd(topicId);
        try {
            database.access(db -> {
                db.db().compactRange(db.batchIndex(), start, end, options);
                db.db().compactRange(db.producerState(), start, end, options);
                return null;
            });
        } catch (RocksDBException | RuntimeException e) {
            LOG.log(closing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING, "Compacting deleted topic " + topicId
                    + " failed; RocksDB's own compactions will reclaim its space", e);
        }
    }

    /** Cancels a compaction in progress, drops queued ones and waits for the thread to stop. */
    @Override
    public void close() {
        closing = true;
        options.setCanceled(true);
        thread.shutdownNow();
        try {
            while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.log(System.Logger.Level.INFO, "Waiting for a deleted topic's compaction to stop");
            }
            options.close();
        } catch (InterruptedException e) {
            // the compaction may still use the options: leave them to the JVM rather than free them under it
            Thread.currentThread().interrupt();
        }
    }
}
