package io.hexalog.bootstrap;

import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** The RocksDB adapter: the database opens when the broker starts and closes when it stops. */
final class RocksDbStorageService implements StorageService {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbStorageService.class);

    private final Path dataDir;
    private final FsyncPolicy fsync;

    RocksDbStorageService(Path dataDir, FsyncPolicy fsync) {
        this.dataDir = dataDir;
        this.fsync = fsync;
    }

    @Override
    public OpenedStorage open() {
        RocksDbStorage storage;
        try {
            storage = RocksDbStorage.open(dataDir, fsync);
        } catch (IllegalStateException e) {
            throw new BrokerStartupException(e.getMessage(), e);
        }
        LOG.info("Opened RocksDB storage in {} (fsync {})", dataDir.toAbsolutePath(), fsync.name().toLowerCase());
        return new OpenedStorage(storage.partitionLogStore(), storage.topicCatalog(), storage.producerIdBlockStore(),
                storage.committedOffsetStore(), storage.transactionStateStore(), storage.clusterId(), storage::close);
    }
}
