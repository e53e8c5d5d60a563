package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.application.port.out.TopicCatalog;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * The in-memory storage adapter's single entry point: one instance holds a broker's whole state, which
 * lives exactly as long as the process.
 */
public final class InMemoryStorage {

    private final InMemoryPartitionLogStore partitionLogs;
    private final TopicCatalog topics = new InMemoryTopicCatalog();
    private final ProducerIdBlockStore producerIds = new InMemoryProducerIdBlockStore();
    private final CommittedOffsetStore committedOffsets = new InMemoryCommittedOffsetStore();
    private final TransactionStateStore transactions = new InMemoryTransactionStateStore();
    private final GroupConfigStore groupConfigs = new InMemoryGroupConfigStore();
    private final ConsumerGroupStateStore consumerGroupStates = new InMemoryConsumerGroupStateStore();
    private final InMemoryCleanerCheckpointStore cleanerCheckpoints = new InMemoryCleanerCheckpointStore();
    private final String clusterId = randomClusterId();

    /** Storage whose partition logs may use as much direct memory as the JVM allows. */
    public InMemoryStorage() {
        partitionLogs = new InMemoryPartitionLogStore(MemoryBudget.unlimited(), cleanerCheckpoints);
    }

    /**
     * Storage whose partition logs hold at most {@code memoryMaxBytes} of direct memory
     * ({@code log.memory.max.bytes}); an append that does not fit is refused with a
     * {@link io.hexalog.domain.error.StorageFullException} and nothing of it is stored.
     *
     * @throws IllegalArgumentException if {@code memoryMaxBytes} is not positive
     */
    public InMemoryStorage(long memoryMaxBytes) {
        partitionLogs = new InMemoryPartitionLogStore(new MemoryBudget(memoryMaxBytes), cleanerCheckpoints);
    }

    /**
     * This broker's cluster ID: new for every instance, since nothing it described survives the process. Kafka's
     * form: a random UUID as 22 characters of unpadded URL-safe base64.
     */
    public String clusterId() {
        return clusterId;
    }

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

    public TransactionStateStore transactionStateStore() {
        return transactions;
    }

    public GroupConfigStore groupConfigStore() {
        return groupConfigs;
    }

    public ConsumerGroupStateStore consumerGroupStateStore() {
        return consumerGroupStates;
    }

    public CleanerCheckpointStore cleanerCheckpointStore() {
        return cleanerCheckpoints;
    }

    private static String randomClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
