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
 */
public record AppendRecordsCommand(TopicIdPartition partition, List<RecordBatch> batches,
                                  Optional<TransactionalId> transactionalId, TransactionSupportedOperation operation) {

    public AppendRecordsCommand {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(operation, "operation");
        batches = List.copyOf(batches);
    }

    /** Batches of a producer without a transactional ID. */
    public AppendRecordsCommand(TopicIdPartition partition, List<RecordBatch> batches) {
        this(partition, batches, Optional.empty(), TransactionSupportedOperation.DEFAULT_ERROR);
    }
}
