package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;

import java.nio.file.Path;

/** Chooses the RocksDB storage adapter; the database is opened when the storage service starts, not here. */
final class RocksDbStorageModule extends AbstractModule {

    private final Path dataDir;
    private final FsyncPolicy fsync;

    RocksDbStorageModule(Path dataDir, FsyncPolicy fsync) {
        this.dataDir = dataDir;
        this.fsync = fsync;
    }

    @Override
    protected void configure() {
        bind(StorageService.class).toInstance(new RocksDbStorageService(dataDir, fsync));
    }
}
