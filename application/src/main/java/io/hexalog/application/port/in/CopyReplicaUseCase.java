package io.hexalog.application.port.in;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Copies partition replicas between the brokers of a cluster, for a node that lost its data and is too far behind
 * its leaders' logs to be caught up from them (ADR 14). Driven by the replicated log's adapter: on the leader it
 * hands out what this broker holds of a partition; on the node that lost its data it installs the copy into the
 * partition, which must be empty, while the replicated log applies no command to it.
 */
public interface CopyReplicaUseCase {

    /** The partitions this broker hosts now. */
    List<TopicIdPartition> hostedPartitions();

    /**
     * What a copy of the partition starts from, once every append decided so far is stored.
     *
     * @return fails with {@link io.hexalog.domain.error.UnknownTopicOrPartitionException} for a partition this
     *         broker does not host
     */
    CompletableFuture<ReplicaImage> image(TopicIdPartition partition);

    /**
     * Copies of the stored batches from the one holding {@code fromOffset}, below {@code beforeOffset}, taking at
     * least one batch and then batches for as long as they fit in {@code maxBytes}; none at or past the end.
     */
    CompletableFuture<List<RecordBatch>> batches(TopicIdPartition partition, long fromOffset, long beforeOffset,
                                                 int maxBytes);

    /**
     * Waits until this broker hosts the partition (the replicated log may apply its topic's creation later) and
     * checks that nothing was appended to it.
     *
     * @return fails with {@link IllegalStateException} if the partition holds records or commands already
     */
    CompletableFuture<Void> prepareInstall(TopicIdPartition partition);

    /** Stores copied batches, in offset order, after those stored before. */
    CompletableFuture<Void> installBatches(TopicIdPartition partition, List<RecordBatch> batches);

    /**
     * Stores the rest of the copy once its batches are all stored, and reloads the partition from the store: from
     * then on it appends after the copy, and skips the commands the copy holds.
     */
    CompletableFuture<Void> completeInstall(TopicIdPartition partition, ReplicaImage image);
}
