package io.hexalog.application.service;

import io.hexalog.application.port.in.DescribeProducersQuery;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.producer.ActiveProducer;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers from the producer state of the partitions this broker holds a replica of, leader or follower, as Kafka's
 * brokers do: every replica applies the same batches, so a follower's state is the leader's as far as it has
 * applied. {@code kafka-transactions find-hanging --broker-id N} asks a broker about every replica it holds.
 */
final class DescribeProducersService implements DescribeProducersQuery {

    private final PartitionRegistry partitions;
    private final ClusterView cluster;

    DescribeProducersService(PartitionRegistry partitions, ClusterView cluster) {
        this.partitions = partitions;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<List<ActiveProducer>> describeProducers(TopicIdPartition partition) {
        try {
            Partition hosted = partitions.get(partition);
            if (!cluster.holdsReplica(partition)) {
                throw new NotLeaderOrFollowerException("This broker holds no replica of partition " + partition);
            }
            return CompletableFuture.completedFuture(hosted.activeProducers());
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
