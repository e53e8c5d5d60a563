package io.hexalog.application.service;

import io.hexalog.application.port.in.DescribeProducersQuery;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.producer.ActiveProducer;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Answers from the producer state of the partitions this broker leads: only a leader's state is current. */
final class DescribeProducersService implements DescribeProducersQuery {

    private final PartitionRegistry partitions;

    DescribeProducersService(PartitionRegistry partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletableFuture<List<ActiveProducer>> describeProducers(TopicIdPartition partition) {
        try {
            return CompletableFuture.completedFuture(partitions.led(partition).activeProducers());
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
