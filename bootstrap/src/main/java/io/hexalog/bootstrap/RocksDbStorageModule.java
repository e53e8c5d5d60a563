package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;

import java.nio.file.Path;

/** Chooses the RocksDB storage adapter; the database is opened when the storage service starts, not here. */
final class RocksDbStorageModule extends AbstractModule {

    private final Path dataDir;
    private final FsyncPolicy fsync;
    private final boolean rebuildingMetadata;
    private final long readPoolBytes;

    /**
     * @param rebuildingMetadata a node of a cluster's: see {@link RocksDbStorageService}
     * @param readPoolBytes      the direct memory reads copy batches into ({@code log.rocksdb.read.pool.bytes})
     */
    RocksDbStorageModule(Path dataDir, FsyncPolicy fsync, boolean rebuildingMetadata, long readPoolBytes) {
        this.dataDir = dataDir;
        this.fsync = fsync;
        this.rebuildingMetadata = rebuildingMetadata;
        this.readPoolBytes = readPoolBytes;
    }

    @Override
    protected void configure() {
        bind(StorageService.class).toInstance(new RocksDbStorageService(dataDir, fsync, rebuildingMetadata,
                readPoolBytes));
    }
}
