package io.hexalog.bootstrap;

import com.google.inject.Module;

/** Picks the storage module for the configured kind, outside of any module's {@code configure()}. */
final class StorageModules {

    private StorageModules() {
    }

    static Module forConfig(ServerConfig.Storage storage) {
        return forConfig(storage, false);
    }

    /**
     * @param clusterNode whether the broker is a node of a cluster, which rebuilds its metadata stores from the
     *                    cluster's metadata log on every start and keeps its partition logs
     */
    static Module forConfig(ServerConfig.Storage storage, boolean clusterNode) {
        return switch (storage.kind()) {
            case MEMORY -> new MemoryStorageModule(storage.memoryMaxBytes());
            case ROCKSDB -> new RocksDbStorageModule(storage.dataDir(), storage.fsync(), clusterNode,
                    storage.readPoolBytes());
        };
    }
}
