package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TopicCatalog;

/**
 * The in-memory storage adapter's single entry point: one instance holds a broker's whole state, which
 * lives exactly as long as the process.
 */
public final class InMemoryStorage {

    private final PartitionLogStore partitionLogs = new InMemoryPartitionLogStore();
    private final TopicCatalog topics = new InMemoryTopicCatalog();
    private final ProducerIdBlockStore producerIds = new InMemoryProducerIdBlockStore();
    private final CommittedOffsetStore committedOffsets = new InMemoryCommittedOffsetStore();

    public PartitionLogStore partitionLogStore() {
        return partitionLogs;
    }

    public TopicCatalog topicCatalog() {
        return topics;
    }

    public ProducerIdBlockStore producerIdBlockStore() {
        return producerIds;
    }

    public CommittedOffsetStore committedOffsetStore() {
        return committedOffsets;
    }
}
