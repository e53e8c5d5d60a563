package io.hexalog.bootstrap;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TopicCatalog;

/** The in-memory adapter in the broker's lifecycle: nothing to open or close. */
final class InMemoryStorageService implements StorageService {

    private InMemoryStorage storage;

    @Override
    public void start() {
        storage = new InMemoryStorage();
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

    private InMemoryStorage started() {
        if (storage == null) {
            throw new IllegalStateException("In-memory storage has not been started");
        }
        return storage;
    }

    @Override
    public void close() {
        storage = null;
    }
}
