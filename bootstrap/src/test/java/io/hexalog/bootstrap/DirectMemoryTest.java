package io.hexalog.bootstrap;

import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A RocksDB read pool is refused at startup unless it fits under the JVM's direct memory limit with room beside it. */
class DirectMemoryTest {

    private static final long MIB = 1024 * 1024;
    private static final long BUFFER = RocksDbStorage.READ_BUFFER_BYTES;

    @Test
    void shouldRefuseTheDefaultPoolUnderADirectMemoryLimitOfItsOwnSize() {
        assertThatThrownBy(() -> DirectMemory.requireReadPoolFits(StorageKind.ROCKSDB, 64 * MIB, 64 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--log-rocksdb-read-pool-bytes (log.rocksdb.read.pool.bytes) of 67108864 bytes and "
                        + "33554432 bytes for network buffers do not fit in the JVM's 67108864 bytes of direct memory "
                        + "(-XX:MaxDirectMemorySize, else the maximum heap): lower the pool (0 turns it off) or raise "
                        + "-XX:MaxDirectMemorySize");
    }

    @Test
    void shouldAcceptAPoolThatLeavesExactlyTheMarginFree() {
        long limit = 64 * MIB + DirectMemory.READ_POOL_MARGIN_BYTES;

        assertThatCode(() -> DirectMemory.requireReadPoolFits(StorageKind.ROCKSDB, 64 * MIB, limit))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> DirectMemory.requireReadPoolFits(StorageKind.ROCKSDB, 64 * MIB, limit - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountThePoolInTheWholeBuffersItAllocates() {
        long limit = 2 * BUFFER + DirectMemory.READ_POOL_MARGIN_BYTES;

        assertThatCode(() -> DirectMemory.requireReadPoolFits(StorageKind.ROCKSDB, 3 * BUFFER - 1, limit))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> DirectMemory.requireReadPoolFits(StorageKind.ROCKSDB, 3 * BUFFER, limit))
                .hasMessageContaining("of " + 3 * BUFFER + " bytes");
    }

    @Test
    void shouldAcceptNoPoolAndIgnoreThePoolOfMemoryStorage() {
        assertThatCode(() -> DirectMemory.requireReadPoolFits(StorageKind.ROCKSDB, 0, 16 * MIB))
                .doesNotThrowAnyException();
        assertThatCode(() -> DirectMemory.requireReadPoolFits(StorageKind.MEMORY, 64 * MIB, 16 * MIB))
                .doesNotThrowAnyException();
    }
}
