package io.hexalog.application.port.in;

import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Record batches a producer sends to one partition, in the order it sent them.
 *
 * @param transactionalId the request's transactional ID, present for a transactional producer: its transactional
 *                        batches are checked with (or added to) its transaction first (KIP-890)
 * @param operation       what the request's version lets the broker do with that transaction
 * @param acks            when the producer is to be told the batches are appended
 */
public record AppendRecordsCommand(TopicIdPartition partition, List<RecordBatch> batches,
                                  Optional<TransactionalId> transactionalId, TransactionSupportedOperation operation,
                                  RequiredAcks acks) {

    public AppendRecordsCommand {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(acks, "acks");
        batches = List.copyOf(batches);
    }

    /** Batches answered once committed ({@code acks=all}). */
    public AppendRecordsCommand(TopicIdPartition partition, List<RecordBatch> batches,
                                Optional<TransactionalId> transactionalId, TransactionSupportedOperation operation) {
        this(partition, batches, transactionalId, operation, RequiredAcks.ALL);
    }

    /** Batches of a producer without a transactional ID, answered once committed ({@code acks=all}). */
    public AppendRecordsCommand(TopicIdPartition partition, List<RecordBatch> batches) {
        this(partition, batches, Optional.empty(), TransactionSupportedOperation.DEFAULT_ERROR);
    }
}
