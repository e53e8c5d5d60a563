package io.hexalog.application.service;

import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.domain.cluster.ReplicatedCommand.CompleteTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the outcome of a decided transaction where it belongs: a marker (a {@link WriteTxnMarker} command) to
 * every partition of the transaction, and to every group whose offsets it committed a {@link CompleteTxnOffsets}
 * command, which makes them the group's committed offsets or drops them. A partition whose topic was deleted
 * meanwhile gets none. Writing a transaction's markers twice is harmless, so a failed attempt is simply made again.
 */
final class TransactionMarkers {

    private final ReplicatedLog log;
    private final TopicCatalog topics;

    TransactionMarkers(ReplicatedLog log, TopicCatalog topics) {
        this.log = log;
        this.topics = topics;
    }

    /**
     * Submits the transaction's markers; blocks while looking its topics up.
     *
     * @param decided a transaction in {@link TransactionState#PREPARE_COMMIT} or {@link TransactionState#PREPARE_ABORT}
     * @param now     the deciding broker's time, the markers' timestamp
     * @param coordinatorEpoch the epoch of the coordinator writing them (Kafka's is its {@code __transaction_state}
     *                         partition's leader epoch; here it is the {@code ClusterView}'s), so that a partition
     *                         refuses the markers of a coordinator older than one that already wrote there
     * @return completes once every marker is written, or fails with the first failure
     */
    CompletableFuture<Void> write(TransactionMetadata decided, long now, int coordinatorEpoch) {
        boolean commit = decided.state() == TransactionState.PREPARE_COMMIT;
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (TopicPartition partition : decided.partitions()) {
            // the transaction's version tells the partition whether the marker's epoch is a bumped one (KIP-890)
            partitionOf(partition).ifPresent(target -> writes.add(log.submit(new WriteTxnMarker(target,
                    decided.producerId(), decided.producerEpoch(), coordinatorEpoch, commit, now,
                    decided.clientTransactionVersion()))));
        }
        for (GroupId group : decided.groups()) {
            writes.add(log.submit(new CompleteTxnOffsets(group, decided.producerId(), commit)));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    private Optional<TopicIdPartition> partitionOf(TopicPartition partition) {
        return topics.find(partition.topic())
                .filter(topic -> topic.hasPartition(partition.partition()))
                .map((Topic topic) -> new TopicIdPartition(topic.id(), topic.name(), partition.partition()));
    }
}
