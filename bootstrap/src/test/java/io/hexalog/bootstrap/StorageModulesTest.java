package io.hexalog.bootstrap;

import com.google.inject.Guice;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The storage flag picks the adapter, and picking one opens nothing: the broker opens it when it starts. */
class StorageModulesTest {

    @TempDir
    Path dir;

    @Test
    void shouldChooseTheInMemoryAdapterForMemoryStorage() {
        StorageService storage = chosen(new ServerConfig.Storage(StorageKind.MEMORY, dir.resolve("data"), FsyncPolicy.NEVER));

        assertThat(storage).isInstanceOf(InMemoryStorageService.class);
    }

    @Test
    void shouldGiveTheInMemoryAdapterItsMemoryBudget() {
        StorageService storage = chosen(
                new ServerConfig.Storage(StorageKind.MEMORY, dir.resolve("data"), FsyncPolicy.NEVER, 1 << 20));

        assertThat(storage).isInstanceOfSatisfying(InMemoryStorageService.class,
                memory -> assertThat(memory.memoryMaxBytes()).isEqualTo(1 << 20));
    }

    @Test
    void shouldChooseTheRocksDbAdapterWithoutTouchingItsDataDirectory() {
        Path dataDir = dir.resolve("data");

        StorageService storage = chosen(new ServerConfig.Storage(StorageKind.ROCKSDB, dataDir, FsyncPolicy.ALWAYS));

        assertThat(storage).isInstanceOf(RocksDbStorageService.class);
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void shouldOpenTheChosenRocksDbStorageInItsDataDirectory() {
        Path dataDir = dir.resolve("data");

        try (OpenedStorage opened = chosen(new ServerConfig.Storage(StorageKind.ROCKSDB, dataDir, FsyncPolicy.NEVER)).open()) {
            assertThat(opened.clusterId()).isNotBlank();
            assertThat(dataDir).isNotEmptyDirectory();
        }
    }

    private static StorageService chosen(ServerConfig.Storage storage) {
        return Guice.createInjector(StorageModules.forConfig(storage)).getInstance(StorageService.class);
    }
}
