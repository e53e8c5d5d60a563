package io.hexalog.application.port.in;

import io.hexalog.domain.producer.ActiveProducer;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The producers a partition keeps state for (DescribeProducers, KIP-664): what {@code Admin.describeProducers}
 * shows and what {@code kafka-transactions.sh find-hanging} reads to find transactions that began on a partition
 * and that no coordinator will end.
 */
public interface DescribeProducersQuery {

    /**
     * Completes with the partition's active producers, ordered by producer ID, as its leader knows them now: each
     * with its epoch, last sequence and, for one with a transaction ongoing on the partition, the offset where that
     * transaction began. Reads memory only; may be called from any thread, event loops included.
     *
     * <p>Fails with {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} for a partition this broker
     * does not host, and with {@link io.hexalog.domain.error.NotLeaderOrFollowerException} for one another broker
     * leads.
     */
    CompletableFuture<List<ActiveProducer>> describeProducers(TopicIdPartition partition);
}
