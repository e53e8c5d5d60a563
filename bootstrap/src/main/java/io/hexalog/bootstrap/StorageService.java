package io.hexalog.bootstrap;

import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TopicCatalog;

/**
 * A storage adapter as the broker's lifecycle sees it: opened by {@link #start()} (never while Guice
 * configures modules), then handing out the outbound ports, then closed.
 */
interface StorageService extends AutoCloseable {

    /** Opens the storage; the port accessors may be called only afterwards. */
    void start();

    PartitionLogStore partitionLogStore();

    TopicCatalog topicCatalog();

    ProducerIdBlockStore producerIdBlockStore();

    CommittedOffsetStore committedOffsetStore();

    /** The cluster ID, stable for as long as the stored data lives. */
    String clusterId();

    @Override
    void close();
}
