package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.CompletableFuture;

/**
 * How many bytes a partition's log takes (Kafka's {@code kafka.log:type=Log,name=Size}), for metrics and
 * operators. Reads batch headers from storage, a cost that grows with the number of batches kept: ask it at
 * scrape time, never on the produce or fetch path.
 */
public interface LogSizeQuery {

    /**
     * Completes with the size, as stored, of every batch of the partition that is not wholly below its log
     * start offset (a batch deleted only in part counts whole, as its bytes are still kept); 0 for an empty
     * log. Fails with {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} for a partition this
     * broker does not host. May be called from any thread, event loops included.
     */
    CompletableFuture<Long> logSize(TopicIdPartition partition);
}
