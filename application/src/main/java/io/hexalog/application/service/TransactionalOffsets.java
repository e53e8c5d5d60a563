package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.application.port.in.TxnOffsetCommitCommand;
import io.hexalog.application.port.in.TxnOffsetCommitUseCase;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitTxnOffsets;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.OffsetMetadataPolicy;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * TxnOffsetCommit: offsets a transactional producer commits for a group are stored as pending
 * ({@link CommitTxnOffsets}), apart from the group's committed offsets, until the transaction's end makes them
 * committed or drops them ({@code CompleteTxnOffsets}, written with the transaction's markers). The producer must
 * be the transactional ID's current one and have added the group to its ongoing transaction; a producer of
 * transaction version 2 sends no AddOffsetsToTxn, and its TxnOffsetCommit adds the group first (KIP-890). The
 * consumer the producer commits for must be a member of the group's current generation (KIP-447), which
 * {@link TransactionalCommitterCheck} decides after the producer's checks, as Kafka orders them.
 */
final class TransactionalOffsets implements TxnOffsetCommitUseCase {

    private final TransactionCoordinator coordinator;
    private final AddPartitionsToTxnManager additions;
    private final ReplicatedLog log;
    private final TransactionStateStore store;
    private final TopicCatalog topics;
    private final TransactionalCommitterCheck committers;
    private final OffsetMetadataPolicy metadataPolicy;
    private final Clock clock;
    private final Executor blocking;

    /** @param committers whether the group takes offsets from the consumer a request names (KIP-447) */
    TransactionalOffsets(TransactionCoordinator coordinator, AddPartitionsToTxnManager additions, ReplicatedLog log,
                         TransactionStateStore store, TopicCatalog topics, TransactionalCommitterCheck committers,
                         OffsetMetadataPolicy metadataPolicy, Clock clock, Executor blocking) {
        this.coordinator = coordinator;
        this.additions = additions;
        this.log = log;
        this.store = store;
        this.topics = topics;
        this.committers = committers;
        this.metadataPolicy = metadataPolicy;
        this.clock = clock;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> commitOffsets(TxnOffsetCommitCommand command) {
        ProducerIdentity producer = new ProducerIdentity(command.producer().producerId(), command.producer().epoch());
        CompletableFuture<Void> added = command.operation() == TransactionSupportedOperation.ADD_PARTITION
                ? additions.addGroup(command.transactionalId(), command.producer(), command.groupId())
                : CompletableFuture.completedFuture(null);
        return added.thenCompose(ignored -> coordinator.whileInTransaction(command.transactionalId(), metadata -> {
            metadata.checkMayCommitOffsets(producer, command.groupId());
            if (committers.check(command.groupId(), command.committer()) instanceof Decision.Rejected rejected) {
                throw rejected.error();
            }
            return commit(command.groupId(), producer.producerId(), command.offsets());
        }));
    }

    private Map<TopicPartition, Optional<HexalogException>> commit(GroupId group, long producerId,
                                                                   Map<TopicPartition, PartitionOffset> offsets) {
        long now = clock.millis();
        Map<TopicPartition, Optional<HexalogException>> results = new LinkedHashMap<>();
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> {
            Decision decision = partitionExists(partition).andThen(() -> metadataPolicy.check(offset.metadata()));
            if (decision instanceof Decision.Rejected rejected) {
                results.put(partition, Optional.of(rejected.error()));
            } else {
                accepted.put(partition, new CommittedOffset(offset.offset(), offset.leaderEpoch(),
                        offset.metadata() == null ? "" : offset.metadata(), now));
                results.put(partition, Optional.empty());
            }
        });
        if (!accepted.isEmpty()) {
            FutureFailures.await(log.submit(new CommitTxnOffsets(group, producerId, accepted)));
        }
        return results;
    }

    private Decision partitionExists(TopicPartition partition) {
        boolean exists = topics.find(partition.topic()).filter(topic -> topic.hasPartition(partition.partition())).isPresent();
        return exists ? Decision.accept()
                : Decision.reject(new UnknownTopicOrPartitionException("Partition " + partition + " does not exist"));
    }

    @Override
    public CompletableFuture<Set<TopicPartition>> partitionsWithPendingOffsets(GroupId group) {
        return CompletableFuture.supplyAsync(() -> {
            Set<TopicPartition> pending = new HashSet<>();
            store.pendingOffsets(group).values().forEach(offsets -> pending.addAll(offsets.keySet()));
            return Set.copyOf(pending);
        }, blocking);
    }
}
