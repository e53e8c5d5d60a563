package io.hexalog.bootstrap;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-memory adapter: nothing to open or close, and nothing survives the process. */
final class InMemoryStorageService implements StorageService {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryStorageService.class);

    private final long memoryMaxBytes;

    /** @param memoryMaxBytes the direct memory the store may hold for batches ({@code log.memory.max.bytes}) */
    InMemoryStorageService(long memoryMaxBytes) {
        this.memoryMaxBytes = memoryMaxBytes;
    }

    long memoryMaxBytes() {
        return memoryMaxBytes;
    }

    @Override
    public OpenedStorage open() {
        InMemoryStorage storage = new InMemoryStorage(memoryMaxBytes);
        LOG.info("Memory storage holds at most {} bytes of batches (log.memory.max.bytes); the JVM allows {} bytes "
                + "of direct memory", memoryMaxBytes, DirectMemory.limitBytes());
        return new OpenedStorage(storage.partitionLogStore(), storage.topicCatalog(), storage.producerIdBlockStore(),
                storage.committedOffsetStore(), storage.transactionStateStore(), storage.cleanerCheckpointStore(),
                storage.groupConfigStore(), storage.consumerGroupStateStore(), storage.clusterId(), () -> { });
    }
}
