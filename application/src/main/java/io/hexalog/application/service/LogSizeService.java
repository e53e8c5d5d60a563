package io.hexalog.application.service;

import io.hexalog.application.port.in.LogSizeQuery;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.log.BatchHeader;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.CompletableFuture;

/** Sums the stored batches of a hosted partition, from the headers the store keeps for retention. */
final class LogSizeService implements LogSizeQuery {

    /** Every batch, above the high watermark too: they take room as well. */
    private static final long TO_THE_END = Long.MAX_VALUE;

    private final PartitionRegistry partitions;
    private final PartitionLogStore store;

    LogSizeService(PartitionRegistry partitions, PartitionLogStore store) {
        this.partitions = partitions;
        this.store = store;
    }

    @Override
    public CompletableFuture<Long> logSize(TopicIdPartition id) {
        try {
            partitions.get(id);
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
        return store.batchHeaders(id, TO_THE_END).thenApply(headers -> {
            long bytes = 0;
            for (BatchHeader header : headers) {
                bytes += header.sizeInBytes();
            }
            return bytes;
        });
    }
}
