package io.hexalog.bootstrap;

import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** The RocksDB adapter in the broker's lifecycle: the database opens on start and closes on close. */
final class RocksDbStorageService implements StorageService {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbStorageService.class);

    private final Path dataDir;
    private final FsyncPolicy fsync;
    private RocksDbStorage storage;

    RocksDbStorageService(Path dataDir, FsyncPolicy fsync) {
        this.dataDir = dataDir;
        this.fsync = fsync;
    }

    @Override
    public synchronized void start() {
        try {
            storage = RocksDbStorage.open(dataDir, fsync);
        } catch (IllegalStateException e) {
            throw new BrokerStartupException(e.getMessage(), e);
        }
        LOG.info("Opened RocksDB storage in {} (fsync {})", dataDir.toAbsolutePath(), fsync.name().toLowerCase());
    }

    @Override
    public PartitionLogStore partitionLogStore() {
        return started().partitionLogStore();
    }

    @Override
    public TopicCatalog topicCatalog() {
        return started().topicCatalog();
    }

    @Override
    public ProducerIdBlockStore producerIdBlockStore() {
        return started().producerIdBlockStore();
    }

    @Override
    public CommittedOffsetStore committedOffsetStore() {
        return started().committedOffsetStore();
    }

    @Override
    public String clusterId() {
        return started().clusterId();
    }

    private synchronized RocksDbStorage started() {
        if (storage == null) {
            throw new IllegalStateException("RocksDB storage has not been started");
        }
        return storage;
    }

    @Override
    public synchronized void close() {
        if (storage != null) {
            storage.close();
            storage = null;
        }
    }
}
