package io.hexalog.bootstrap;

import com.google.inject.Module;

/** Picks the storage module for the configured kind, outside of any module's {@code configure()}. */
final class StorageModules {

    private StorageModules() {
    }

    static Module forConfig(ServerConfig.Storage storage) {
        return switch (storage.kind()) {
            case MEMORY -> new MemoryStorageModule(storage.memoryMaxBytes());
            case ROCKSDB -> new RocksDbStorageModule(storage.dataDir(), storage.fsync());
        };
    }
}
