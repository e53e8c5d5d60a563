package io.hexalog.bootstrap;

import io.hexalog.adapter.storage.memory.InMemoryStorage;

/** The in-memory adapter: nothing to open or close, and nothing survives the process. */
final class InMemoryStorageService implements StorageService {

    @Override
    public OpenedStorage open() {
        InMemoryStorage storage = new InMemoryStorage();
        return new OpenedStorage(storage.partitionLogStore(), storage.topicCatalog(), storage.producerIdBlockStore(),
                storage.committedOffsetStore(), storage.clusterId(), () -> { });
    }
}
