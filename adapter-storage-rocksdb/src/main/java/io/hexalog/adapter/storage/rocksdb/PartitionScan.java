package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.TopicIdPartition;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;


/**
 * An iterator over one partition's keys in one column family, bounded to the partition below and above so that it
 * never wanders into another partition (or through the range tombstones of a deleted topic), and so that a valid
 * position is always one of the partition's keys without reading the key to check. Use only inside
 * {@link Database#access} and close it there.
 */
final class PartitionScan implements AutoCloseable {

    private final Slice lowerBound;
    private final Slice upperBound;
    private final ReadOptions options;
    private final RocksIterator iterator;
    private final TopicIdPartition partition;
    private final byte[] prefix;

    PartitionScan(Database database, ColumnFamilyHandle family, TopicIdPartition partition) {
        this(database, family, partition, true);
    }

    /**
     * @param fillCache whether blocks read are kept in the block cache: a scan through a whole partition
     *                  (retention) should not push out what fetches use
     */
    PartitionScan(Database database, ColumnFamilyHandle family, TopicIdPartition partition, boolean fillCache) {
        this.partition = partition;
        this.prefix = Keys.partitionPrefix(partition);
        this.lowerBound = new Slice(prefix);
        this.upperBound = new Slice(Keys.partitionEnd(partition));
        this.options = new ReadOptions().setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound)
                .setFillCache(fillCache);
        this.iterator = database.db().newIterator(family, options);
    }

    /** Positions at the first key of the partition. */
    PartitionScan seekToFirst() {
        iterator.seek(prefix);
        return this;
    }

    /** Positions at the last key of the partition. */
    PartitionScan seekToLast() {
        iterator.seekForPrev(Keys.partitionEnd(partition));
        return this;
    }

    /**
     * Positions at the greatest key at or below {@code value} (for batches: the batch that may contain that
     * offset), or at the first key of the partition if there is none.
     */
    PartitionScan seekFloor(long value) {
        byte[] key = Keys.key(partition, value);
        iterator.seekForPrev(key);
        if (!isValid()) {
            iterator.seek(key);
        }
        return this;
    }

    /**
     * Positions at the batch holding {@code offset}, as {@link #seekFloor} does, with one forward seek when a
     * batch starts at that offset: the usual case, since a consumer asks for the offset after the last batch
     * it got. A backward seek costs more: RocksDB then turns every merged source around.
     */
    PartitionScan seekBatchHolding(long offset) {
        iterator.seek(Keys.key(partition, offset));
        if (isValid() && keyValue() == offset) {
            return this;
        }
        return seekFloor(offset);
    }

    /**
     * Makes the scan see the database as it is now, like a new one, but cheaper: unless a flush or compaction
     * changed the files since, RocksDB only moves the scan's sequence number. Leaves it unpositioned.
     */
    PartitionScan refresh() throws RocksDBException {
        iterator.refresh();
        return this;
    }

    /** Whether the scan is at a key: one of the partition's, since its bounds are the partition's. */
    boolean isValid() {
        return iterator.isValid();
    }

    /** The long that ends the current key: base offset or producer ID. */
    long keyValue() {
        return Keys.valueOf(iterator.key());
    }

    byte[] value() {
        return iterator.value();
    }

    void next() {
        iterator.next();
    }

    /** Whether the scan still holds its RocksDB iterator. */
    boolean isOpen() {
        return iterator.isOwningHandle();
    }

    @Override
    public void close() {
        iterator.close();
        options.close();
        lowerBound.close();
        upperBound.close();
    }
}
