package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.ProduceUseCase;
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
 * when the topic keeps LogAppendTime, and appends them to their partition.
 */
public final class ProduceService implements ProduceUseCase {

    private final PartitionRegistry partitions;
    private final Clock clock;

    /** @param clock the broker's clock, which stamps batches of LogAppendTime topics */
    public ProduceService(PartitionRegistry partitions, Clock clock) {
        this.partitions = partitions;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<AppendResult> append(AppendRecordsCommand command) {
        try {
            Partition partition = partitions.get(command.partition());
            LogConfig config = partition.config();
            MessageSizePolicy messageSizePolicy = config.messageSizePolicy();
            for (RecordBatch batch : command.batches()) {
                batch.validate();
                if (messageSizePolicy.check(batch) instanceof Decision.Rejected rejected) {
                    throw rejected.error();
                }
            }
            OptionalLong logAppendTime = config.timestampPolicy().logAppendTime(clock.millis());
            logAppendTime.ifPresent(time -> command.batches().forEach(batch -> batch.stampLogAppendTime(time)));
            return partition.append(command.batches()).thenApply(append -> new AppendResult(
                    append.firstOffset(), logAppendTime, partition.offsets().logStartOffset()));
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
