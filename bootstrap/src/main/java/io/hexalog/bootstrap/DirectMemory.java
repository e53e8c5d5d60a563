package io.hexalog.bootstrap;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;

import java.lang.management.ManagementFactory;

/**
 * The JVM's limit on direct memory, the share of it the memory store may hold unless told otherwise, and the check
 * that RocksDB's read pool fits under it.
 */
final class DirectMemory {

    /**
     * The memory store's share of the limit by default. The rest is left to Netty's network buffers and to
     * segments the store has given back but the garbage collector has not yet freed.
     */
    static final int MEMORY_STORE_DEFAULT_PERCENT = 50;

    /**
     * Direct memory the RocksDB read pool must leave free: Netty's pooled buffers for the requests and responses being
     * served (a 4 MiB chunk per arena and network thread, more under load), and the responses of reads that fell
     * back to the heap, which are copied into direct memory to be sent.
     */
    static final long READ_POOL_MARGIN_BYTES = 32L * 1024 * 1024;

    private DirectMemory() {
    }

    /**
     * Refuses a RocksDB read pool that, with {@link #READ_POOL_MARGIN_BYTES} beside it, does not fit under the JVM's
     * limit: the pool allocates its buffers only when reads need them, so without this a broker would start, then meet
     * {@code OutOfMemoryError} in the middle of its reads once busy. The pool counts in whole buffers, as it allocates them.
     *
     * @param limitBytes the JVM's direct memory limit, {@link #limitBytes()}
     * @throws IllegalArgumentException naming the flag, its key and the JVM option, if it does not fit
     */
    static void requireReadPoolFits(StorageKind kind, long readPoolBytes, long limitBytes) {
        if (kind != StorageKind.ROCKSDB) {
            return;
        }
        long poolBytes = readPoolBytes / RocksDbStorage.READ_BUFFER_BYTES * RocksDbStorage.READ_BUFFER_BYTES;
        if (poolBytes > 0 && poolBytes > limitBytes - READ_POOL_MARGIN_BYTES) {
            throw new IllegalArgumentException("--log-rocksdb-read-pool-bytes (log.rocksdb.read.pool.bytes) of "
                    + poolBytes + " bytes and " + READ_POOL_MARGIN_BYTES + " bytes for network buffers do not fit in "
                    + "the JVM's " + limitBytes + " bytes of direct memory (-XX:MaxDirectMemorySize, else the maximum "
                    + "heap): lower the pool (0 turns it off) or raise -XX:MaxDirectMemorySize");
        }
    }

    /** The default of {@code --memory-max-bytes} ({@code log.memory.max.bytes}). */
    static long memoryStoreDefaultBytes() {
        return limitBytes() / 100 * MEMORY_STORE_DEFAULT_PERCENT;
    }

    /**
     * {@code -XX:MaxDirectMemorySize}, read through the JDK's supported diagnostic bean. Unset (0), the JVM allows
     * as much direct memory as its maximum heap, and so does this answer; so it does on a JVM without the bean.
     */
    static long limitBytes() {
        long configured = 0;
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotSpot != null) {
                configured = Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
            }
        } catch (RuntimeException | LinkageError e) {
            configured = 0;
        }
        return configured > 0 ? configured : Runtime.getRuntime().maxMemory();
    }
}
