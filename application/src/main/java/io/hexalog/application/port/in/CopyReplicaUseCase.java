package io.hexalog.application.port.in;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Copies partition replicas between the brokers of a cluster, for a node that is too far behind its leaders' logs
 * to be caught up from them: it lost its data, or it was away while they purged what it lacks (ADR 14). Driven by
 * the replicated log's adapter: on the leader it hands out what this broker holds of a partition; on the node left
 * behind it installs what the partition lacks of the copy, while the replicated log applies no command to it.
 * What a replica holds is a prefix of its leader's, as it applied only commands the cluster agreed on, in order:
 * the copy continues from its log end offset.
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
     * until every append decided here so far is stored; where the partition here ends before the copy's log start
     * offset (the leader no longer holds what follows it), drops its batches and starts its log there.
     *
     * @param copyLogStartOffset the log start offset of the leader's replica
     * @return the offset the copy continues from: the partition's log end offset here, or the copy's log start
     *         offset where the partition was emptied
     */
    CompletableFuture<Long> prepareInstall(TopicIdPartition partition, long copyLogStartOffset);

    /** Stores copied batches, in offset order, after those stored before. */
    CompletableFuture<Void> installBatches(TopicIdPartition partition, List<RecordBatch> batches);

    /**
     * Stores the rest of the copy once its batches are all stored, drops the batches this broker held below the
     * copy's log start offset, and reloads the partition from the store: from then on it appends after the copy,
     * and skips the commands the copy holds.
     */
    CompletableFuture<Void> completeInstall(TopicIdPartition partition, ReplicaImage image);
}
