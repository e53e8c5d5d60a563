package io.hexalog.bootstrap;

import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TransactionStateStore;

import java.util.Objects;

/**
 * The outbound ports of a storage that has been opened, whichever adapter it is, and how to close it.
 *
 * @param clusterId the cluster ID, stable for as long as the stored data lives
 * @param closer    closes the storage; called once, after the listener has stopped
 */
record OpenedStorage(PartitionLogStore partitionLogStore, TopicCatalog topicCatalog,
                     ProducerIdBlockStore producerIdBlockStore, CommittedOffsetStore committedOffsetStore,
                     TransactionStateStore transactionStateStore, CleanerCheckpointStore cleanerCheckpointStore,
                     String clusterId, Runnable closer)
        implements AutoCloseable {

    OpenedStorage {
        Objects.requireNonNull(partitionLogStore, "partitionLogStore");
        Objects.requireNonNull(topicCatalog, "topicCatalog");
        Objects.requireNonNull(producerIdBlockStore, "producerIdBlockStore");
        Objects.requireNonNull(committedOffsetStore, "committedOffsetStore");
        Objects.requireNonNull(transactionStateStore, "transactionStateStore");
        Objects.requireNonNull(cleanerCheckpointStore, "cleanerCheckpointStore");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(closer, "closer");
    }

    @Override
    public void close() {
        closer.run();
    }
}
