package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;

import java.nio.file.Path;

/** Chooses the RocksDB storage adapter; the database is opened when the storage service starts, not here. */
final class RocksDbStorageModule extends AbstractModule {

    private final Path dataDir;
    private final FsyncPolicy fsync;
    private final boolean rebuildingMetadata;

    /** @param rebuildingMetadata a node of a cluster's: see {@link RocksDbStorageService} */
    RocksDbStorageModule(Path dataDir, FsyncPolicy fsync, boolean rebuildingMetadata) {
        this.dataDir = dataDir;
        this.fsync = fsync;
        this.rebuildingMetadata = rebuildingMetadata;
    }

    @Override
    protected void configure() {
        bind(StorageService.class).toInstance(new RocksDbStorageService(dataDir, fsync, rebuildingMetadata));
    }
}
