package io.hexalog.application.service;

import io.hexalog.application.port.in.CopyReplicaUseCase;
import io.hexalog.application.port.in.ReplicaImage;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.StoredLogState;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.log.LogSlice;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Hands out and installs copies of partition replicas (ADR 14): the image comes from the partition, under its lock,
 * once what it decided is stored; the batches straight from the store, byte for byte; an install writes the batches
 * the partition lacks into its store, then the image, and reloads the partition from the store.
 */
final class ReplicaCopyService implements CopyReplicaUseCase {

    private final PartitionRegistry partitions;
    private final PartitionLogStore store;
    private final Executor blocking;

    /** @param blocking where a partition is read from or reloaded from the store */
    ReplicaCopyService(PartitionRegistry partitions, PartitionLogStore store, Executor blocking) {
        this.partitions = partitions;
        this.store = store;
        this.blocking = blocking;
    }

    @Override
    public List<TopicIdPartition> hostedPartitions() {
        return partitions.all().stream().map(Partition::id).toList();
    }

    @Override
    public CompletableFuture<ReplicaImage> image(TopicIdPartition partition) {
        return partitions.find(partition).map(Partition::replicaImage)
                .orElseGet(() -> CompletableFuture.failedFuture(
                        new UnknownTopicOrPartitionException("This broker does not host " + partition)));
    }

    @Override
    public CompletableFuture<List<RecordBatch>> batches(TopicIdPartition partition, long fromOffset,
                                                        long beforeOffset, int maxBytes) {
        return store.read(partition, fromOffset, beforeOffset, ReadLimit.atLeastOneBatch(maxBytes))
                .thenApply(ReplicaCopyService::copies);
    }

    /** Heap copies of the slice's batches, which go beyond the slice's release. */
    private static List<RecordBatch> copies(LogSlice slice) {
        try {
            List<RecordBatch> copies = new ArrayList<>(slice.batches().size());
            for (RecordBatch batch : slice.batches()) {
                ByteBuffer bytes = batch.bytes();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                copies.add(RecordBatch.wrap(ByteBuffer.wrap(copy)));
            }
            return copies;
        } finally {
            slice.release();
        }
    }

    @Override
    public CompletableFuture<Long> prepareInstall(TopicIdPartition partition, long copyLogStartOffset) {
        // the store's end, not the partition's: a copy that failed part way left batches the partition has not seen
        return partitions.whenHosted(partition).thenCompose(Partition::replicaImage)
                .thenApplyAsync(ignored -> store.open(partition).logEndOffset(), blocking)
                .thenCompose(held -> held >= copyLogStartOffset ? CompletableFuture.completedFuture(held)
                        : store.deleteBefore(partition, copyLogStartOffset).thenApply(ignored -> copyLogStartOffset));
    }

    @Override
    public CompletableFuture<Void> installBatches(TopicIdPartition partition, List<RecordBatch> batches) {
        return store.append(partition, batches, List.of(), PartitionLogStore.NO_LOG_INDEX);
    }

    @Override
    public CompletableFuture<Void> completeInstall(TopicIdPartition partition, ReplicaImage image) {
        StoredLogState copied = new StoredLogState(image.logStartOffset(), image.logEndOffset(),
                image.producerStates(), image.appliedLogIndex(), image.abortedTransactions());
        // the log start offset moves forward only through deleteBefore, which drops what lies below it
        return store.deleteBefore(partition, image.logStartOffset())
                .thenCompose(ignored -> store.completeCopy(partition, copied))
                .thenCompose(ignored -> partitions.whenHosted(partition))
                .thenAcceptAsync(Partition::reload, blocking);
    }
}
