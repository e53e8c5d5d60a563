package io.hexalog.bootstrap;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TransactionStateStore;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The outbound ports of a storage that has been opened, whichever adapter it is, and how to close it.
 *
 * @param clusterId     the cluster ID, stable for as long as the stored data lives
 * @param closer        closes the storage; called once, after the listener has stopped
 * @param readBytesLent the bytes of memory the storage has lent to reads not yet released (0 for a storage that
 *                      lends none)
 */
record OpenedStorage(PartitionLogStore partitionLogStore, TopicCatalog topicCatalog,
                     ProducerIdBlockStore producerIdBlockStore, CommittedOffsetStore committedOffsetStore,
                     TransactionStateStore transactionStateStore, CleanerCheckpointStore cleanerCheckpointStore,
                     GroupConfigStore groupConfigStore, ConsumerGroupStateStore consumerGroupStateStore,
                     String clusterId, Runnable closer, LongSupplier readBytesLent)
        implements AutoCloseable {

    /** A storage whose reads own no memory of their own. */
    OpenedStorage(PartitionLogStore partitionLogStore, TopicCatalog topicCatalog,
                  ProducerIdBlockStore producerIdBlockStore, CommittedOffsetStore committedOffsetStore,
                  TransactionStateStore transactionStateStore, CleanerCheckpointStore cleanerCheckpointStore,
                  GroupConfigStore groupConfigStore, ConsumerGroupStateStore consumerGroupStateStore, String clusterId,
                  Runnable closer) {
        this(partitionLogStore, topicCatalog, producerIdBlockStore, committedOffsetStore, transactionStateStore,
                cleanerCheckpointStore, groupConfigStore, consumerGroupStateStore, clusterId, closer, () -> 0);
    }

    OpenedStorage {
        Objects.requireNonNull(partitionLogStore, "partitionLogStore");
        Objects.requireNonNull(topicCatalog, "topicCatalog");
        Objects.requireNonNull(producerIdBlockStore, "producerIdBlockStore");
        Objects.requireNonNull(committedOffsetStore, "committedOffsetStore");
        Objects.requireNonNull(transactionStateStore, "transactionStateStore");
        Objects.requireNonNull(cleanerCheckpointStore, "cleanerCheckpointStore");
        Objects.requireNonNull(groupConfigStore, "groupConfigStore");
        Objects.requireNonNull(consumerGroupStateStore, "consumerGroupStateStore");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(closer, "closer");
        Objects.requireNonNull(readBytesLent, "readBytesLent");
    }

    @Override
    public void close() {
        closer.run();
    }
}
