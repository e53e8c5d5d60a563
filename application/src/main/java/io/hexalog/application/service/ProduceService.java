package io.hexalog.application.service;

import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.log.MessageSizePolicy;
import io.hexalog.domain.log.RecordBatch;

import java.util.concurrent.CompletableFuture;

/** Validates produced batches and appends them to their partition. */
public final class ProduceService implements ProduceUseCase {

    private static final long NO_LOG_APPEND_TIME = -1L;

    private final PartitionRegistry partitions;
    private final MessageSizePolicy messageSizePolicy;

    public ProduceService(PartitionRegistry partitions, BrokerSettings settings) {
        this.partitions = partitions;
        this.messageSizePolicy = settings.messageSizePolicy();
    }

    @Override
    public CompletableFuture<AppendResult> append(AppendRecordsCommand command) {
        try {
            Partition partition = partitions.get(command.partition());
            for (RecordBatch batch : command.batches()) {
                batch.validate();
                messageSizePolicy.check(batch);
            }
            return partition.append(command.batches()).thenApply(append -> new AppendResult(
                    append.firstOffset(), NO_LOG_APPEND_TIME, partition.offsets().logStartOffset()));
        } catch (HexalogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
