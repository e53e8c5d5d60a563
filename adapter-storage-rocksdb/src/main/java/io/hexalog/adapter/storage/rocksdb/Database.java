package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.error.KafkaStorageException;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The open RocksDB instance, its column families and the native options behind them, which must live as
 * long as the database and be closed after it. The options are explained in {@code docs/storage.md}.
 *
 * <p>Every use of the native handles goes through {@link #access}: a RocksDB handle used after it was
 * closed crashes the JVM instead of throwing, so closing waits for uses in progress and later uses fail.
 */
final class Database implements AutoCloseable {

    static final String BATCHES = "batches";
    static final String PRODUCER_STATE = "producer_state";
    static final String TOPICS = "topics";
    static final String META = "meta";
    static final String LOG_START_OFFSET = "log_start_offset";
    static final String COMMITTED_OFFSETS = "committed_offsets";
    static final String APPLIED_LOG_INDEX = "applied_log_index";
    static final String ABORTED_TRANSACTIONS = "aborted_transactions";
    static final String CLEANER_CHECKPOINT = "cleaner_checkpoint";
    static final String BATCH_INDEX = "batch_index";
    /** Column families this adapter owns; RocksDB adds {@code default}, which stays empty. */
    static final List<String> COLUMN_FAMILIES = List.of(BATCHES, PRODUCER_STATE, TOPICS, META, LOG_START_OFFSET,
            COMMITTED_OFFSETS, APPLIED_LOG_INDEX, ABORTED_TRANSACTIONS, CLEANER_CHECKPOINT, BATCH_INDEX);

    /**
     * RocksDB's built-in merge operator that keeps the bytewise greatest operand: for the fixed-width,
     * big-endian, non-negative log start offsets it keeps the greatest offset, whatever order writes land in.
     */
    private static final String KEEP_GREATEST = "max";

    private static final long MIB = 1024 * 1024;

    static {
        NativeLibrary.load();
    }

    private final RocksDB db;
    private final ColumnFamilyHandle batches;
    private final ColumnFamilyHandle producerState;
    private final ColumnFamilyHandle topics;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle logStartOffset;
    private final ColumnFamilyHandle committedOffsets;
    private final ColumnFamilyHandle appliedLogIndex;
    private final ColumnFamilyHandle abortedTransactions;
    private final ColumnFamilyHandle cleanerCheckpoint;
    private final ColumnFamilyHandle batchIndex;
    private final List<ColumnFamilyHandle> handles;
    private final List<AutoCloseable> nativeOptions;
    private final SstFileManager sstFiles;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /** Something done with the open database. */
    @FunctionalInterface
    interface Operation<T> {
        T apply(Database database) throws RocksDBException;
    }

    private Database(RocksDB db, List<ColumnFamilyHandle> handles, List<AutoCloseable> nativeOptions,
                     SstFileManager sstFiles) {
        this.db = db;
        this.sstFiles = sstFiles;
        this.handles = handles;
        this.nativeOptions = nativeOptions;
        this.batches = handles.get(1);
        this.producerState = handles.get(2);
        this.topics = handles.get(3);
        this.meta = handles.get(4);
        this.logStartOffset = handles.get(5);
        this.committedOffsets = handles.get(6);
        this.appliedLogIndex = handles.get(7);
        this.abortedTransactions = handles.get(8);
        this.cleanerCheckpoint = handles.get(9);
        this.batchIndex = handles.get(10);
    }

    /** Opens (creating if missing) the database in {@code dir}, which must already be checked usable. */
    static Database open(Path dir) throws RocksDBException {
        List<AutoCloseable> nativeOptions = new ArrayList<>();
        try {
            LRUCache blockCache = track(nativeOptions, new LRUCache(64 * MIB));
            // Tracks the table files' space; with it RocksDB resumes by itself after a full disk once space is freed.
            SstFileManager sstFiles = track(nativeOptions, new SstFileManager(Env.getDefault()));
            DBOptions dbOptions = track(nativeOptions, new DBOptions()
                    .setSstFileManager(sstFiles)
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2)
                    .setMaxTotalWalSize(256 * MIB)
                    .setBytesPerSync(MIB)
                    .setMaxLogFileSize(16 * MIB)
                    .setKeepLogFileNum(5));
            ColumnFamilyOptions batchOptions = track(nativeOptions, new ColumnFamilyOptions()
                    .setCompressionType(CompressionType.NO_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.NO_COMPRESSION)
                    .setWriteBufferSize(64 * MIB)
                    .setMaxWriteBufferNumber(3)
                    .setTargetFileSizeBase(64 * MIB)
                    .setLevelCompactionDynamicLevelBytes(true)
                    .setTableFormatConfig(new BlockBasedTableConfig()
                            .setBlockCache(blockCache)
                            .setBlockSize(64 * 1024)));
            ColumnFamilyOptions smallOptions = track(nativeOptions, new ColumnFamilyOptions()
                    .setWriteBufferSize(4 * MIB)
                    .setLevelCompactionDynamicLevelBytes(true)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache)));
            // where each batch lies in the segment files: 40 bytes a batch, read on every fetch
            ColumnFamilyOptions indexOptions = track(nativeOptions, new ColumnFamilyOptions()
                    .setWriteBufferSize(16 * MIB)
                    .setLevelCompactionDynamicLevelBytes(true)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache)));
            ColumnFamilyOptions logStartOptions = track(nativeOptions, new ColumnFamilyOptions()
                    .setWriteBufferSize(4 * MIB)
                    .setLevelCompactionDynamicLevelBytes(true)
                    .setMergeOperatorName(KEEP_GREATEST)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache)));

            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOptions),
                    new ColumnFamilyDescriptor(bytes(BATCHES), batchOptions),
                    new ColumnFamilyDescriptor(bytes(PRODUCER_STATE), smallOptions),
                    new ColumnFamilyDescriptor(bytes(TOPICS), smallOptions),
                    new ColumnFamilyDescriptor(bytes(META), smallOptions),
                    new ColumnFamilyDescriptor(bytes(LOG_START_OFFSET), logStartOptions),
                    new ColumnFamilyDescriptor(bytes(COMMITTED_OFFSETS), smallOptions),
                    // created in a database written before they existed: setCreateMissingColumnFamilies
                    new ColumnFamilyDescriptor(bytes(APPLIED_LOG_INDEX), smallOptions),
                    new ColumnFamilyDescriptor(bytes(ABORTED_TRANSACTIONS), smallOptions),
                    new ColumnFamilyDescriptor(bytes(CLEANER_CHECKPOINT), smallOptions),
                    new ColumnFamilyDescriptor(bytes(BATCH_INDEX), indexOptions));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            return new Database(db, List.copyOf(handles), nativeOptions, sstFiles);
        } catch (RocksDBException | RuntimeException e) {
            closeAll(nativeOptions);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> resources, T resource) {
        resources.add(resource);
        return resource;
    }

    static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code operation} while the database is open.
     *
     * @throws KafkaStorageException if the database is closed
     */
    <T> T access(Operation<T> operation) throws RocksDBException {
        Lock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) {
                throw new KafkaStorageException("RocksDB storage is closed");
            }
            return operation.apply(this);
        } finally {
            lock.unlock();
        }
    }

    RocksDB db() {
        return db;
    }

    /**
     * The manager of the table files' space. Tests cap the space with
     * {@link SstFileManager#setMaxAllowedSpaceUsage}: RocksDB then fails flushes and refuses writes as on a
     * full disk, and resumes by itself once the cap is lifted or files are dropped below it.
     */
    SstFileManager sstFiles() {
        return sstFiles;
    }

    /** Handles of every column family, {@code default} included. */
    List<ColumnFamilyHandle> allFamilies() {
        return handles;
    }

    /**
     * The batches of a database written before batches moved to segment files: read once, when the storage opens,
     * to move them there.
     */
    ColumnFamilyHandle batches() {
        return batches;
    }

    /** Per partition, one entry per batch keyed by base offset: where in the segment files it lies. */
    ColumnFamilyHandle batchIndex() {
        return batchIndex;
    }

    ColumnFamilyHandle producerState() {
        return producerState;
    }

    ColumnFamilyHandle topics() {
        return topics;
    }

    ColumnFamilyHandle meta() {
        return meta;
    }

    /** Per partition, the log start offset set by the last advance; merged, so reads see the greatest. */
    ColumnFamilyHandle logStartOffset() {
        return logStartOffset;
    }

    /** Per partition, the replicated log index of the command whose append was written last. */
    ColumnFamilyHandle appliedLogIndex() {
        return appliedLogIndex;
    }

    ColumnFamilyHandle committedOffsets() {
        return committedOffsets;
    }

    /** Per partition, its aborted transactions keyed by the offset of their abort marker. */
    ColumnFamilyHandle abortedTransactions() {
        return abortedTransactions;
    }

    /** Per partition, where the log cleaner's last cleaning stopped (Kafka's cleaner offset checkpoint). */
    ColumnFamilyHandle cleanerCheckpoint() {
        return cleanerCheckpoint;
    }

    /** Closes the database, once uses in progress are done, then its options. */
    @Override
    public void close() throws RocksDBException {
        Lock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                handles.forEach(ColumnFamilyHandle::close);
                db.closeE();
            } finally {
                closeAll(nativeOptions);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // native options only free memory when closed; nothing to report
            }
        }
    }
}
