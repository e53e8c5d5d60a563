package io.hexalog.application.service;

import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.domain.cluster.ReplicatedCommand.AdvanceLogStartOffset;
import io.hexalog.domain.cluster.ReplicatedCommand.AlterGroupConfigs;
import io.hexalog.domain.cluster.ReplicatedCommand.AppendBatches;
import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.cluster.ReplicatedCommand.ClaimProducerIds;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CommitTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CompleteTxnOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.CreateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteGroupOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.DeleteTopicOffsets;
import io.hexalog.domain.cluster.ReplicatedCommand.PutConsumerGroup;
import io.hexalog.domain.cluster.ReplicatedCommand.PutTransaction;
import io.hexalog.domain.cluster.ReplicatedCommand.RemoveConsumerGroup;
import io.hexalog.domain.cluster.ReplicatedCommand.RemoveTransaction;
import io.hexalog.domain.cluster.ReplicatedCommand.UpdateTopic;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.log.ControlRecordType;
import io.hexalog.domain.log.EndTransactionMarker;
import io.hexalog.domain.partition.LogAppend;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Applies the commands of the replicated log to this broker's stores and partitions: the one place where
 * shared state changes. The services decide and validate, then submit a command; on a single broker it is
 * applied here at once, in a cluster here on every broker, in log order. What is checked again here is what
 * another broker may have changed between a service's check and the command's turn (a topic name taken).
 *
 * <p>Appends run on the caller's thread up to the store, which completes them later; topic and offset
 * changes block on their stores, as the log's thread (or the service's blocking executor) may.
 */
final class CommandApplier implements ApplyCommandUseCase {

    /** The first offset an append skipped on replay answers with (see {@link ApplyCommandUseCase#apply}). */
    static final long REPLAYED_FIRST_OFFSET = -1;

    private final TopicCatalog catalog;
    private final PartitionRegistry partitions;
    private final PartitionLogStore logs;
    private final CommittedOffsetStore offsets;
    private final ProducerIdBlockStore producerIds;
    private final TransactionStateStore transactions;
    private final GroupConfigStore groupConfigs;
    private final ConsumerGroupStateStore consumerGroups;

    CommandApplier(TopicCatalog catalog, PartitionRegistry partitions, PartitionLogStore logs,
                   CommittedOffsetStore offsets, ProducerIdBlockStore producerIds, TransactionStateStore transactions,
                   GroupConfigStore groupConfigs, ConsumerGroupStateStore consumerGroups) {
        this.catalog = catalog;
        this.partitions = partitions;
        this.logs = logs;
        this.offsets = offsets;
        this.producerIds = producerIds;
        this.transactions = transactions;
        this.groupConfigs = groupConfigs;
        this.consumerGroups = consumerGroups;
    }

    @Override
    public Optional<AppliedLogEnd> appliedLogEnd(TopicIdPartition partition) {
        return partitions.find(partition).map(Partition::appliedLogEnd);
    }

    /** The partition logs' writes are forced; the metadata stores force their own (and rebuild from the log). */
    @Override
    public CompletableFuture<Void> makeAppliedDurable() {
        return logs.sync();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> apply(ReplicatedCommand<R> command, int leaderEpoch, long logIndex) {
        try {
            return (CompletableFuture<R>) dispatch(command, leaderEpoch, logIndex);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<?> dispatch(ReplicatedCommand<?> command, int leaderEpoch, long logIndex) {
        if (command instanceof AppendBatches append) {
            return partitions.whenHosted(append.partition()).thenCompose(partition ->
                    partition.holds(logIndex) ? replayed(partition)
                            : partition.append(append.batches(), leaderEpoch, logIndex).thenApply(appended ->
                                    new Appended(appended.firstOffset(), partition.offsets().logStartOffset())));
        }
        if (command instanceof WriteTxnMarker marker) {
            return partitions.whenHosted(marker.partition()).thenCompose(partition ->
                    partition.holds(logIndex) ? CompletableFuture.completedFuture(REPLAYED_FIRST_OFFSET)
                            : partition.writeTransactionMarker(endTransactionMarker(marker),
                                    marker.transactionVersion(), leaderEpoch, logIndex)
                                    .thenApply(LogAppend::firstOffset));
        }
        if (command instanceof AdvanceLogStartOffset advance) {
            return partitions.whenHosted(advance.partition()).thenCompose(partition ->
                    partition.advanceLogStartOffsetAfterAppends(advance.newLogStartOffset()));
        }
        if (command instanceof CreateTopic create) {
            return CompletableFuture.completedFuture(create(create.topic()));
        }
        if (command instanceof UpdateTopic update) {
            return CompletableFuture.completedFuture(update(update.topic()));
        }
        if (command instanceof DeleteTopic delete) {
            return delete(delete);
        }
        if (command instanceof CommitOffsets commit) {
            offsets.commit(commit.group(), commit.offsets());
            return done();
        }
        if (command instanceof DeleteOffsets delete) {
            offsets.delete(delete.group(), delete.partitions());
            return done();
        }
        if (command instanceof DeleteGroupOffsets delete) {
            offsets.deleteGroup(delete.group());
            return done();
        }
        if (command instanceof AlterGroupConfigs alter) {
            groupConfigs.put(alter.group(), alter.configs());
            return done();
        }
        if (command instanceof PutConsumerGroup put) {
            checkCoordinatorEpoch(put.coordinatorEpoch(), leaderEpoch);
            consumerGroups.put(put.image());
            return done();
        }
        if (command instanceof RemoveConsumerGroup remove) {
            checkCoordinatorEpoch(remove.coordinatorEpoch(), leaderEpoch);
            consumerGroups.remove(remove.group());
            return done();
        }
        if (command instanceof DeleteTopicOffsets delete) {
            offsets.deleteTopic(delete.topic());
            return done();
        }
        if (command instanceof ClaimProducerIds claim) {
            return CompletableFuture.completedFuture(producerIds.claimBlock(claim.blockSize()));
        }
        if (command instanceof PutTransaction put) {
            checkCoordinatorEpoch(put.coordinatorEpoch(), leaderEpoch);
            transactions.put(put.metadata());
            return done();
        }
        if (command instanceof RemoveTransaction remove) {
            checkCoordinatorEpoch(remove.coordinatorEpoch(), leaderEpoch);
            transactions.remove(remove.transactionalId());
            return done();
        }
        if (command instanceof CommitTxnOffsets commit) {
            transactions.putPendingOffsets(commit.group(), commit.producerId(), commit.offsets());
            return done();
        }
        if (command instanceof CompleteTxnOffsets complete) {
            completeTxnOffsets(complete);
            return done();
        }
        throw new IllegalArgumentException("Unknown command " + command.getClass().getSimpleName());
    }

    private static EndTransactionMarker endTransactionMarker(WriteTxnMarker command) {
        return new EndTransactionMarker(command.commit() ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
                command.producerId(), command.producerEpoch(), command.coordinatorEpoch(), command.timestamp());
    }

    /** A topic whose name another broker took first is refused; one already applied (same ID) is kept. */
    private synchronized Topic create(Topic topic) {
        Optional<Topic> existing = catalog.find(topic.name());
        if (existing.isPresent()) {
            if (existing.get().id().equals(topic.id())) {
                return existing.get();
            }
            throw new TopicAlreadyExistsException("Topic '" + topic.name() + "' already exists");
        }
        // hosted before the catalog names it: a produce that finds the topic finds its partitions too
        partitions.open(topic);
        catalog.create(topic);
        return topic;
    }

    /** Opens the partitions a growth added and reconfigures the rest. */
    private synchronized boolean update(Topic topic) {
        if (catalog.find(topic.id()).isEmpty()) {
            return false;
        }
        // the added partitions are hosted before the catalog names them, as at creation
        partitions.open(topic);
        return catalog.update(topic);
    }

    private CompletableFuture<Boolean> delete(DeleteTopic delete) {
        boolean existed;
        synchronized (this) {
            existed = catalog.delete(delete.topicId());
            partitions.close(delete.topicId());
        }
        return existed
                ? logs.deleteTopic(delete.topicId()).thenApply(ignored -> true)
                : CompletableFuture.completedFuture(false);
    }

    /** An append the partition's store held before this node restarted: nobody waits for its offsets. */
    private static CompletableFuture<Appended> replayed(Partition partition) {
        return CompletableFuture.completedFuture(new Appended(REPLAYED_FIRST_OFFSET,
                partition.offsets().logStartOffset()));
    }

    /** A committed transaction's pending offsets become the group's committed ones; an aborted one's vanish. */
    private void completeTxnOffsets(CompleteTxnOffsets complete) {
        Map<TopicPartition, CommittedOffset> pending = transactions.pendingOffsets(complete.group())
                .getOrDefault(complete.producerId(), Map.of());
        if (complete.commit() && !pending.isEmpty()) {
            offsets.commit(complete.group(), pending);
        }
        transactions.removePendingOffsets(complete.group(), complete.producerId());
    }

    /**
     * A transaction or group coordinator's epoch is the term of the metadata log it leads (0 on a single broker,
     * whose log has no terms): a command of the coordinator that reaches the log in another term comes from one that
     * was deposed meanwhile, and must not undo what its successor decided.
     */
    private static void checkCoordinatorEpoch(int coordinatorEpoch, int leaderEpoch) {
        if (coordinatorEpoch != leaderEpoch) {
            throw new NotCoordinatorException("The coordinator of epoch " + coordinatorEpoch
                    + " was deposed: the metadata log is in epoch " + leaderEpoch);
        }
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
