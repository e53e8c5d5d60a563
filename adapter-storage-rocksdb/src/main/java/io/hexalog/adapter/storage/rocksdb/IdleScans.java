package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import org.rocksdb.RocksDBException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Scans of the batch index left open between the reads of a partition, so that a consumer's next fetch refreshes
 * an iterator instead of building a new one over every memtable and table file. A scan is used by one read at
 * a time: {@link #take} hands it out of the cache and {@link #giveBack} puts it back, so two reads of the same
 * partition at once each get their own.
 *
 * <p>An open scan pins the memtables and table files it was refreshed on: RocksDB can free neither until the
 * scan is refreshed or closed. So the cache holds at most {@code capacity} scans (the least recently used goes
 * first), {@link #closeIdle} closes those unused for longer than the idle time, and {@code forget} closes
 * a partition's or topic's scans when its batches are deleted, so that their room comes back at once.
 *
 * <p>Every scan this class closes it closes under its lock, and {@link #close} takes that lock, so nothing
 * of it touches the database once it is closed; the storage closes it before the database.
 */
final class IdleScans implements AutoCloseable {

    /** A scan handed out for one read, and the generation it was handed out in. */
    record Taken(TopicIdPartition partition, PartitionScan scan, long generation) {
    }

    private record Idle(PartitionScan scan, long sinceNanos) {
    }

    private final int capacity;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    /** In the order the scans were given back: the eldest is the least recently used. */
    private final LinkedHashMap<TopicIdPartition, Idle> idle = new LinkedHashMap<>();
    /** Moves on every {@code forget}: a scan taken before is closed when given back. */
    private long generation;
    private boolean closed;

    /**
     * @param capacity  the most scans kept open while unused
     * @param idleNanos how long an unused scan is kept open
     * @param nanoClock the time, as {@link System#nanoTime}
     */
    IdleScans(int capacity, long idleNanos, LongSupplier nanoClock) {
        if (capacity < 0 || idleNanos < 0) {
            throw new IllegalArgumentException("capacity and idle time must not be negative");
        }
        this.capacity = capacity;
        this.idleNanos = idleNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * The partition's scan of its batches, refreshed to the database as it is now, or a new one if none is
     * idle. Call inside {@link Database#access} and either {@link #giveBack} it or close it there.
     */
    Taken take(Database db, TopicIdPartition partition) throws RocksDBException {
        Idle found;
        long current;
        synchronized (this) {
            found = idle.remove(partition);
            current = generation;
        }
        if (found == null) {
            return new Taken(partition, new PartitionScan(db, db.batchIndex(), partition), current);
        }
        try {
            found.scan().refresh();
        } catch (RocksDBException | RuntimeException e) {
            found.scan().close();
            throw e;
        }
        return new Taken(partition, found.scan(), current);
    }

    /**
     * Keeps a scan for the partition's next read, after a read that went well; closes it instead if the cache
     * is closed or the partition's batches were deleted since it was taken. Closes the least recently used
     * scan if the cache is then over its capacity.
     */
    synchronized void giveBack(Taken taken) {
        if (closed || taken.generation() != generation || capacity == 0) {
            taken.scan().close();
            return;
        }
        Idle previous = idle.put(taken.partition(), new Idle(taken.scan(), nanoClock.getAsLong()));
        if (previous != null) {
            previous.scan().close();
        }
        if (idle.size() > capacity) {
            Iterator<Idle> eldest = idle.values().iterator();
            eldest.next().scan().close();
            eldest.remove();
        }
    }

    /** Closes the scans unused for longer than the idle time. */
    synchronized void closeIdle() {
        long now = nanoClock.getAsLong();
        Iterator<Idle> scans = idle.values().iterator();
        while (scans.hasNext()) {
            Idle scan = scans.next();
            if (now - scan.sinceNanos() < idleNanos) {
                return;
            }
            scan.scan().close();
            scans.remove();
        }
    }

    /** Closes the partition's idle scan, and every scan taken before now when it is given back. */
    void forget(TopicIdPartition partition) {
        forgetWhere(scanned -> scanned.topicId().equals(partition.topicId())
                && scanned.partition() == partition.partition());
    }

    /** Closes the topic's idle scans, and every scan taken before now when it is given back. */
    void forget(TopicId topicId) {
        forgetWhere(partition -> partition.topicId().equals(topicId));
    }

    private synchronized void forgetWhere(Predicate<TopicIdPartition> forgotten) {
        generation++;
        Iterator<Map.Entry<TopicIdPartition, Idle>> scans = idle.entrySet().iterator();
        while (scans.hasNext()) {
            Map.Entry<TopicIdPartition, Idle> scan = scans.next();
            if (forgotten.test(scan.getKey())) {
                scan.getValue().scan().close();
                scans.remove();
            }
        }
    }

    /** The number of scans kept open, unused. */
    synchronized int idleCount() {
        return idle.size();
    }

    /** Closes every idle scan; scans given back afterwards are closed at once. */
    @Override
    public synchronized void close() {
        closed = true;
        idle.values().forEach(scan -> scan.scan().close());
        idle.clear();
    }
}
