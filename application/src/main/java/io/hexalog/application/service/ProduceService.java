package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.log.MessageSizePolicy;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.policy.Decision;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Validates produced batches against their topic's configuration ({@code max.message.bytes}), stamps them
 * when the topic keeps LogAppendTime, and appends them to their partition through the replicated log, where
 * the partition log applies the idempotence and transaction rules.
 */
public final class ProduceService implements ProduceUseCase {

    private final PartitionRegistry partitions;
    private final ReplicatedLog log;
    private final Clock clock;

    /**
     * @param log   where the validated batches are appended: at once on a single broker, after agreement in a
     *              cluster
     * @param clock the broker's clock, which stamps batches of LogAppendTime topics
     */
    public ProduceService(PartitionRegistry partitions, ReplicatedLog log, Clock clock) {
        this.partitions = partitions;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<AppendResult> append(AppendRecordsCommand command) {
        try {
            Partition partition = partitions.led(command.partition());
            LogConfig config = partition.config();
            MessageSizePolicy messageSizePolicy = config.messageSizePolicy();
            for (RecordBatch batch : command.batches()) {
                batch.validate();
                if (messageSizePolicy.check(batch) instanceof Decision.Rejected rejected) {
                    throw rejected.error();
                }
            }
            // KIP-890 (part 1): before the first transactional batch of a transaction on a partition, Kafka's
            // leader asks the transaction coordinator (AddPartitionsToTxn v4, verifyOnly) whether the partition
            // was added to the producer's transaction. That check belongs here, once the coordinator serves it;
            // until then the producer's epoch and sequence rules in PartitionLog guard the partition.
            OptionalLong logAppendTime = config.timestampPolicy().logAppendTime(clock.millis());
            logAppendTime.ifPresent(time -> command.batches().forEach(batch -> batch.stampLogAppendTime(time)));
            return log.submit(new ReplicatedCommand.AppendBatches(command.partition(), command.batches()))
                    .thenApply(appended -> new AppendResult(appended.firstOffset(), logAppendTime,
                            appended.logStartOffset()));
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
