package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RocksDB storage adapter's single entry point: one embedded database in a data directory holding a
 * broker's partition logs, producer states, topics and producer ID blocks, persistent across restarts.
 * Open it with {@link #open} when the broker starts and {@link #close} it when the broker stops; see
 * {@code docs/storage.md} for the layout, durability and recovery.
 */
public final class RocksDbStorage implements AutoCloseable {

    /**
     * The size of each direct buffer reads copy batches into: larger than the largest batch a default producer
     * sends. The read pool is a whole number of them.
     */
    public static final int READ_BUFFER_BYTES = ReadBufferPool.DEFAULT_CHUNK_BYTES;
    /** The direct memory reads may copy batches into unless told otherwise: 16 buffers, 64 MiB. */
    public static final long DEFAULT_READ_POOL_BYTES = ReadBufferPool.DEFAULT_BYTES;

    /**
     * The size a partition's segment file may grow to before appends roll a new one: deleting records frees the disk
     * space of a file only once every batch in it is deleted.
     */
    static final long SEGMENT_BYTES = 128L * 1024 * 1024;
    /** Reads are short scans; two threads keep a slow disk read from holding up every fetch. */
    private static final int READER_THREADS = 2;
    /**
     * Scans kept open between the reads of a partition (see {@link IdleScans}): enough for the partitions a few
     * consumers read at once; each pins little more than the files its partition was last read from.
     */
    private static final int IDLE_SCANS = 64;
    /** A consumer fetches again within a few milliseconds; a partition unread for this long is left. */
    private static final long SCAN_IDLE_MILLIS = 2_000;
    private static final long CLOSE_TIMEOUT_SECONDS = 30;
    /** Written once a node of a cluster has partition logs whose appends record their log index. */
    private static final byte[] LOG_INDEXES_RECORDED_KEY = Database.bytes("cluster.log_indexes_recorded");
    /** Sorts after every key of the per-partition column families, which begin with a 16-byte topic ID. */
    private static final byte[] AFTER_EVERY_PARTITION_KEY = filledWithOnes(Keys.KEY_LENGTH + 1);

    private final Database database;
    private final GroupCommitWriter writer;
    private final ScheduledExecutorService readers;
    private final IdleScans idleScans;
    private final ReadBufferPool readBuffers;
    private final TopicCompactor compactor;
    private final RocksDbPartitionLogStore partitionLogs;
    private final RocksDbTopicCatalog topics;
    private final RocksDbProducerIdBlockStore producerIds;
    private final RocksDbCommittedOffsetStore committedOffsets;
    private final RocksDbTransactionStateStore transactions;
    private final RocksDbCleanerCheckpointStore cleanerCheckpoints;
    private final RocksDbGroupConfigStore groupConfigs;
    private final RocksDbConsumerGroupStateStore consumerGroupStates;
    private final String clusterId;

    /** Reads what must be known at once from the open {@code database}, then starts the storage's threads. */
    private RocksDbStorage(Database database, Path dir, FsyncPolicy fsync, boolean forgetMetadata,
                           ReadBufferPool readBuffers, long segmentBytes, int minUnreadBytes)
            throws RocksDBException {
        this.database = database;
        this.readBuffers = readBuffers;
        this.clusterId = StorageMetadata.loadOrInitialize(database, dir).clusterId();
        if (forgetMetadata) {
            forgetMetadata(database);
        }
        List<Topic> storedTopics = RocksDbTopicCatalog.readAll(database);
        long nextProducerIdBlock = RocksDbProducerIdBlockStore.readNextBlockStart(database);
        Map<GroupId, Map<String, String>> storedGroupConfigs = RocksDbGroupConfigStore.readAll(database);
        Map<GroupId, ConsumerGroupImage> storedConsumerGroups = RocksDbConsumerGroupStateStore.readAll(database);

        this.writer = new GroupCommitWriter(database, fsync, "hexalog-rocksdb-writer");
        this.readers = Executors.newScheduledThreadPool(READER_THREADS, daemonThreads("hexalog-rocksdb-reader-"));
        this.idleScans = new IdleScans(IDLE_SCANS, TimeUnit.MILLISECONDS.toNanos(SCAN_IDLE_MILLIS), System::nanoTime);
        readers.scheduleWithFixedDelay(idleScans::closeIdle, SCAN_IDLE_MILLIS / 2, SCAN_IDLE_MILLIS / 2,
                TimeUnit.MILLISECONDS);
        this.compactor = new TopicCompactor(database, "hexalog-rocksdb-compactor");
        this.partitionLogs = new RocksDbPartitionLogStore(database, writer, readers, compactor, idleScans, readBuffers,
                dir, segmentBytes, minUnreadBytes);
        if (fsync == FsyncPolicy.NEVER) {
            writer.forceWithEverySync(partitionLogs::unforcedFiles);
        }
        this.topics = new RocksDbTopicCatalog(writer, compactor, storedTopics);
        this.producerIds = new RocksDbProducerIdBlockStore(writer, nextProducerIdBlock);
        this.committedOffsets = new RocksDbCommittedOffsetStore(database, writer);
        this.transactions = new RocksDbTransactionStateStore(database, writer);
        this.cleanerCheckpoints = new RocksDbCleanerCheckpointStore(database, writer);
        this.groupConfigs = new RocksDbGroupConfigStore(writer, storedGroupConfigs);
        this.consumerGroupStates = new RocksDbConsumerGroupStateStore(writer, storedConsumerGroups);
    }

    /**
     * Empties the topics, the committed offsets, the producer ID counter, the transactions, the group configs and the
     * consumer groups' states, in one synced write, and keeps the
     * partition logs, unless they were written before appends recorded their log index: a node of a cluster
     * then could not tell which commands they hold, so they are emptied too and rebuilt from the Raft logs, which
     * such a version never purged.
     */
    private static void forgetMetadata(Database database) throws RocksDBException {
        database.access(db -> {
            try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
                for (ColumnFamilyHandle family : List.of(db.topics(), db.committedOffsets())) {
                    try (RocksIterator keys = db.db().newIterator(family)) {
                        for (keys.seekToFirst(); keys.isValid(); keys.next()) {
                            batch.delete(family, keys.key());
                        }
                    }
                }
                batch.delete(db.meta(), RocksDbProducerIdBlockStore.NEXT_BLOCK_KEY);
                RocksDbTransactionStateStore.forgetAll(db.meta(), batch);
                RocksDbGroupConfigStore.forgetAll(db.meta(), batch);
                RocksDbConsumerGroupStateStore.forgetAll(db.meta(), batch);
                if (db.db().get(db.meta(), LOG_INDEXES_RECORDED_KEY) == null) {
                    for (ColumnFamilyHandle family : List.of(db.batches(), db.batchIndex(), db.producerState(),
                            db.logStartOffset(),
                            db.appliedLogIndex(), db.abortedTransactions(), db.cleanerCheckpoint())) {
                        batch.deleteRange(family, new byte[0], AFTER_EVERY_PARTITION_KEY);
                    }
                    batch.put(db.meta(), LOG_INDEXES_RECORDED_KEY, new byte[] {1});
                }
                db.db().write(sync, batch);
            }
            return null;
        });
    }

    /**
     * Removes the logs of topics the catalog no longer holds. A topic leaves the catalog before its logs
     * are deleted, so a crash in between leaves logs nothing can reach; without this they would take disk
     * space for ever.
     */
    private void deleteOrphanedLogs() throws RocksDBException {
        Set<TopicId> orphans = partitionLogs.storedTopicIds();
        topics.list().forEach(topic -> orphans.remove(topic.id()));
        for (TopicId orphan : orphans) {
            partitionLogs.deleteTopic(orphan).join();
        }
    }

    /**
     * Opens the database in {@code dataDir}, creating the directory and the database if they do not exist.
     * Only one storage may have a directory open at a time.
     *
     * @throws IllegalStateException with an explanation if the directory cannot be used: it is not a
     *                               writable directory, is in use by another open storage, holds something
     *                               other than a Hexalog database, or its data is corrupt
     */
    public static RocksDbStorage open(Path dataDir, FsyncPolicy fsync) {
        return open(dataDir, fsync, DEFAULT_READ_POOL_BYTES);
    }

    /** Whether {@code dir} itself holds a RocksDB database: a broker's data, if it opened there. */
    public static boolean holdsDatabase(Path dir) {
        return DataDirectory.holdsDatabase(dir);
    }

    /**
     * Opens the database in {@code dataDir} as {@link #open(Path, FsyncPolicy)} does, its reads copying batches into
     * at most {@code readPoolBytes} of direct memory, in buffers of {@value #READ_BUFFER_BYTES} bytes (rounded down to
     * whole buffers); past that, and with 0, they copy them to the heap.
     *
     * @throws IllegalArgumentException if {@code readPoolBytes} is neither 0 nor at least one buffer
     * @throws IllegalStateException    as {@link #open(Path, FsyncPolicy)} does
     */
    public static RocksDbStorage open(Path dataDir, FsyncPolicy fsync, long readPoolBytes) {
        return open(dataDir, fsync, false, ReadBufferPool.ofBytes(readPoolBytes), SEGMENT_BYTES,
                RocksDbPartitionLogStore.MIN_UNREAD_BYTES);
    }

    /**
     * Opens the database of a node of a cluster, which rebuilds its metadata from the cluster's metadata log on
     * every start but keeps its partition logs: the topics, committed offsets and producer ID counter are
     * emptied (and so are the transactions, the group configs and the consumer groups' states), the partition logs (and the log index each recorded) are kept, and the logs of topics the catalog
     * does not hold are left alone, since the metadata log, applied again, creates their topics or deletes them.
     *
     * @throws IllegalStateException as {@link #open(Path, FsyncPolicy)} does
     */
    public static RocksDbStorage openRebuildingMetadata(Path dataDir, FsyncPolicy fsync) {
        return openRebuildingMetadata(dataDir, fsync, DEFAULT_READ_POOL_BYTES);
    }

    /**
     * Opens the database of a node of a cluster as {@link #openRebuildingMetadata(Path, FsyncPolicy)} does, with a
     * read pool of {@code readPoolBytes} as {@link #open(Path, FsyncPolicy, long)} has.
     */
    public static RocksDbStorage openRebuildingMetadata(Path dataDir, FsyncPolicy fsync, long readPoolBytes) {
        return open(dataDir, fsync, true, ReadBufferPool.ofBytes(readPoolBytes), SEGMENT_BYTES,
                RocksDbPartitionLogStore.MIN_UNREAD_BYTES);
    }

    /** A storage whose reads copy into {@code readBuffers}: tests use a small pool to see it run out. */
    static RocksDbStorage open(Path dataDir, FsyncPolicy fsync, ReadBufferPool readBuffers) {
        return open(dataDir, fsync, false, readBuffers, SEGMENT_BYTES, RocksDbPartitionLogStore.MIN_UNREAD_BYTES);
    }

    /** A storage rolling segment files at {@code segmentBytes}: tests roll small files to see them roll and go. */
    static RocksDbStorage openWithSegmentBytes(Path dataDir, FsyncPolicy fsync, long segmentBytes) {
        return openWithSegmentBytes(dataDir, fsync, segmentBytes, RocksDbPartitionLogStore.MIN_UNREAD_BYTES);
    }

    /**
     * A storage rolling segment files at {@code segmentBytes} whose reads to send leave stretches of at least
     * {@code minUnreadBytes} on average in the files: tests of the stretches use small files and small batches.
     */
    static RocksDbStorage openWithSegmentBytes(Path dataDir, FsyncPolicy fsync, long segmentBytes, int minUnreadBytes) {
        return open(dataDir, fsync, false, ReadBufferPool.ofBytes(DEFAULT_READ_POOL_BYTES), segmentBytes,
                minUnreadBytes);
    }

    private static RocksDbStorage open(Path dataDir, FsyncPolicy fsync, boolean rebuildingMetadata,
                                       ReadBufferPool readBuffers, long segmentBytes, int minUnreadBytes) {
        Path dir = dataDir.toAbsolutePath();
        NativeLibrary.load();
        DataDirectory.prepare(dir);
        Database database;
        try {
            database = Database.open(dir);
        } catch (RocksDBException e) {
            throw DataDirectory.explain(dir, e);
        }
        RocksDbStorage storage;
        try {
            storage = new RocksDbStorage(database, dir, fsync, rebuildingMetadata, readBuffers, segmentBytes,
                    minUnreadBytes);
        } catch (RocksDBException | RuntimeException e) {
            try {
                database.close();
            } catch (RocksDBException closing) {
                e.addSuppressed(closing);
            }
            throw explain(dir, e);
        }
        try {
            SegmentFileMigration.moveBatchesToSegmentFiles(database, storage.partitionLogs);
            storage.partitionLogs.deleteUnindexedSegmentDirectories();
            if (!rebuildingMetadata) {
                storage.deleteOrphanedLogs();
            }
        } catch (RocksDBException | RuntimeException e) {
            storage.close();
            throw explain(dir, e);
        }
        return storage;
    }

    private static RuntimeException explain(Path dir, Exception e) {
        return e instanceof RocksDBException rocksDb ? DataDirectory.explain(dir, rocksDb) : (RuntimeException) e;
    }

    /** This cluster's ID, created with the database and the same on every restart. */
    public String clusterId() {
        return clusterId;
    }

    /** The open database, for this adapter's tests that reach under the ports (to fill the disk). */
    Database database() {
        return database;
    }

    /** The direct memory reads copy batches into; for tests and measurements. */
    ReadBufferPool readBuffers() {
        return readBuffers;
    }

    /**
     * The bytes of direct memory lent to reads whose slices are not released yet: zero when nothing read is held,
     * growing without bound only if a caller forgets to release.
     */
    public long readBytesLent() {
        return readBuffers.bytesLent();
    }

    public PartitionLogStore partitionLogStore() {
        return partitionLogs;
    }

    public TopicCatalog topicCatalog() {
        return topics;
    }

    public ProducerIdBlockStore producerIdBlockStore() {
        return producerIds;
    }

    public CommittedOffsetStore committedOffsetStore() {
        return committedOffsets;
    }

    public TransactionStateStore transactionStateStore() {
        return transactions;
    }

    public GroupConfigStore groupConfigStore() {
        return groupConfigs;
    }

    /** Consumer groups' durable state, which a restarted broker restores its groups from. */
    public ConsumerGroupStateStore consumerGroupStateStore() {
        return consumerGroupStates;
    }

    public CleanerCheckpointStore cleanerCheckpointStore() {
        return cleanerCheckpoints;
    }

    /**
     * Writes what is queued, lets reads in progress finish, then closes the database. Appends and reads
     * made afterwards fail with {@link io.hexalog.domain.error.KafkaStorageException}.
     */
    @Override
    public void close() {
        writer.close();
        readers.shutdown();
        try {
            readers.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        idleScans.close();
        partitionLogs.closeSegmentFiles();
        compactor.close();
        try {
            database.close();
        } catch (RocksDBException e) {
            throw new IllegalStateException("Closing RocksDB failed: " + e.getMessage(), e);
        }
    }

    private static byte[] filledWithOnes(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xFF);
        return bytes;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
