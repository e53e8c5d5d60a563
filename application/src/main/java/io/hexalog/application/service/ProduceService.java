package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.RequiredAcks;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidRecordException;
import io.hexalog.domain.log.MessageSizePolicy;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.policy.Decision;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Validates produced batches against their topic's configuration ({@code max.message.bytes}; a key on every record
 * of a compacted topic, the only check that looks inside a batch), stamps them
 * when the topic keeps LogAppendTime, and appends them to their partition through the replicated log, where
 * the partition log applies the idempotence and transaction rules. The first transactional batch of a producer's
 * transaction on the partition waits for the transaction coordinator to confirm the partition is in the
 * transaction, or to add it (KIP-890, {@link AddPartitionsToTxnManager}). A producer with acks=1 is answered once
 * the leader has placed its batches in the log ({@link ReplicatedLog#submitLeaderAcknowledged}). One with acks=all is
 * refused with NOT_ENOUGH_REPLICAS, and nothing appended, while fewer of the partition's replicas are in sync than
 * the topic's {@code min.insync.replicas} asks for, as Kafka's leader refuses it.
 */
public final class ProduceService implements ProduceUseCase {

    private static final System.Logger LOG = System.getLogger(ProduceService.class.getName());

    private final PartitionRegistry partitions;
    private final ReplicatedLog log;
    private final Clock clock;
    private final AddPartitionsToTxnManager transactions;
    private final RecordBatchRewriter keys;
    private final ClusterView cluster;

    /**
     * @param log          where the validated batches are appended: at once on a single broker, after agreement in
     *                     a cluster
     * @param clock        the broker's clock, which stamps batches of LogAppendTime topics
     * @param transactions asks the transaction coordinator about the partitions of transactional batches
     * @param keys         looks for records without a key in the batches of compacted topics
     * @param cluster      which of a partition's replicas are in sync
     */
    ProduceService(PartitionRegistry partitions, ReplicatedLog log, Clock clock,
                   AddPartitionsToTxnManager transactions, RecordBatchRewriter keys, ClusterView cluster) {
        this.partitions = partitions;
        this.cluster = cluster;
        this.keys = keys;
        this.log = log;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Appends to a partition this broker leads. A broker just elected its leader holds the append until it may
     * serve, so that the producer does not wait out its retry backoff after a failover.
     */
    @Override
    public CompletableFuture<AppendResult> append(AppendRecordsCommand command) {
        CompletableFuture<Partition> led = partitions.whenLed(command.partition());
        if (led.isDone() && !led.isCompletedExceptionally()) {
            // the broker leads the partition now, as it nearly always does: no stage more on every append
            return append(led.join(), command);
        }
        return led.thenCompose(partition -> append(partition, command));
    }

    private CompletableFuture<AppendResult> append(Partition partition, AppendRecordsCommand command) {
        try {
            LogConfig config = partition.config();
            if (command.acks() == RequiredAcks.ALL) {
                checkInSyncReplicas(command, config);
            }
            MessageSizePolicy messageSizePolicy = config.messageSizePolicy();
            RecordBatch transactional = null;
            for (RecordBatch batch : command.batches()) {
                batch.validate();
                if (messageSizePolicy.check(batch) instanceof Decision.Rejected rejected) {
                    throw rejected.error();
                }
                if (config.cleanupPolicy().compacts() && keys.hasRecordWithoutKey(batch)) {
                    // Kafka's LogValidator: the cleaner could not tell which record a keyless one replaces
                    InvalidRecordException refused = new InvalidRecordException("Compacted topic cannot accept "
                            + "message without key in topic partition " + command.partition().topicPartition());
                    LOG.log(System.Logger.Level.WARNING, "Refused a produce: " + refused.getMessage());
                    throw refused;
                }
                if (batch.isTransactional() && batch.hasProducerId()) {
                    transactional = batch;
                }
            }
            if (transactional != null && command.transactionalId().isPresent()
                    && !partition.hasOngoingTransaction(transactional.producerId(), transactional.producerEpoch())) {
                return transactions.beforeAppend(command.transactionalId().get(),
                                new ProducerIdAndEpoch(transactional.producerId(), transactional.producerEpoch()),
                                command.partition().topicPartition(), command.operation())
                        .thenCompose(ignored -> append(command, config));
            }
            return append(command, config);
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Kafka's check before an acks=all append; a topic that asks for one replica in sync (the default) needs none. */
    private void checkInSyncReplicas(AppendRecordsCommand command, LogConfig config) {
        if (config.minInSyncReplicas() <= 1) {
            return;
        }
        PartitionLeadership leadership = cluster.leadership(command.partition());
        if (config.minInSyncReplicasPolicy().checkAppend(command.partition().topicPartition().toString(),
                leadership.replicas().size(), leadership.inSyncReplicas().size()) instanceof Decision.Rejected rejected) {
            LOG.log(System.Logger.Level.INFO, "Refused an acks=all produce: " + rejected.error().getMessage());
            throw rejected.error();
        }
    }

    private CompletableFuture<AppendResult> append(AppendRecordsCommand command, LogConfig config) {
        try {
            OptionalLong logAppendTime = config.timestampPolicy().logAppendTime(clock.millis());
            logAppendTime.ifPresent(time -> command.batches().forEach(batch -> batch.stampLogAppendTime(time)));
            ReplicatedCommand.AppendBatches append =
                    new ReplicatedCommand.AppendBatches(command.partition(), command.batches());
            CompletableFuture<ReplicatedCommand.Appended> placed = command.acks() == RequiredAcks.LEADER
                    ? log.submitLeaderAcknowledged(append) : log.submit(append);
            return placed.thenApply(appended -> new AppendResult(appended.firstOffset(), logAppendTime,
                            appended.logStartOffset()));
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
