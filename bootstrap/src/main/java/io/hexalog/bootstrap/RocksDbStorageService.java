package io.hexalog.bootstrap;

import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The RocksDB adapter: the database opens when the broker starts and closes when it stops. A node of a cluster
 * opens it rebuilding its metadata: its topics, committed offsets and producer ID blocks come back from the
 * metadata group's log, applied again from its start, while its partition logs are kept and only the commands
 * after them are applied (see the cluster ADR).
 */
final class RocksDbStorageService implements StorageService {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbStorageService.class);

    private final Path dataDir;
    private final FsyncPolicy fsync;
    private final boolean rebuildingMetadata;
    private final long readPoolBytes;

    /** @param readPoolBytes the direct memory reads copy batches into ({@code log.rocksdb.read.pool.bytes}) */
    RocksDbStorageService(Path dataDir, FsyncPolicy fsync, boolean rebuildingMetadata, long readPoolBytes) {
        this.dataDir = dataDir;
        this.fsync = fsync;
        this.rebuildingMetadata = rebuildingMetadata;
        this.readPoolBytes = readPoolBytes;
    }

    @Override
    public OpenedStorage open() {
        RocksDbStorage storage;
        try {
            storage = rebuildingMetadata ? RocksDbStorage.openRebuildingMetadata(dataDir, fsync, readPoolBytes)
                    : RocksDbStorage.open(dataDir, fsync, readPoolBytes);
        } catch (IllegalStateException e) {
            throw new BrokerStartupException(e.getMessage(), e);
        }
        LOG.info("Opened RocksDB storage in {} (fsync {}, reads copy into at most {} bytes of direct memory, "
                + "log.rocksdb.read.pool.bytes)", dataDir.toAbsolutePath(), fsync.name().toLowerCase(), readPoolBytes);
        return new OpenedStorage(storage.partitionLogStore(), storage.topicCatalog(), storage.producerIdBlockStore(),
                storage.committedOffsetStore(), storage.transactionStateStore(), storage.cleanerCheckpointStore(),
                storage.groupConfigStore(), storage.consumerGroupStateStore(), storage.clusterId(), storage::close, storage::readBytesLent);
    }
}
