package io.hexalog.application.port.in;

import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Offsets a transactional producer commits for a consumer group inside its transaction (TxnOffsetCommit).
 *
 * @param operation {@link TransactionSupportedOperation#ADD_PARTITION} when the producer speaks transaction
 *                  version 2 (TxnOffsetCommit v5+) and sent no AddOffsetsToTxn: the group is added to its
 *                  transaction first
 * @param committer the consumer the producer commits for, as TxnOffsetCommit v3+ names it (KIP-447): a member of
 *                  the group, checked against its roster and generation, or {@link Committer.Unmanaged} when the
 *                  request names no member ID, no instance ID and generation -1 (versions 0-2 always)
 */
public record TxnOffsetCommitCommand(TransactionalId transactionalId, GroupId groupId, ProducerIdAndEpoch producer,
                                     Map<TopicPartition, PartitionOffset> offsets,
                                     TransactionSupportedOperation operation, Committer committer) {

    public TxnOffsetCommitCommand {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(committer, "committer");
        offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
    }

    /** Offsets committed for no particular member of the group. */
    public TxnOffsetCommitCommand(TransactionalId transactionalId, GroupId groupId, ProducerIdAndEpoch producer,
                                  Map<TopicPartition, PartitionOffset> offsets,
                                  TransactionSupportedOperation operation) {
        this(transactionalId, groupId, producer, offsets, operation, new Committer.Unmanaged());
    }

    /** Offsets of a producer that added the group to its transaction with AddOffsetsToTxn. */
    public TxnOffsetCommitCommand(TransactionalId transactionalId, GroupId groupId, ProducerIdAndEpoch producer,
                                  Map<TopicPartition, PartitionOffset> offsets) {
        this(transactionalId, groupId, producer, offsets, TransactionSupportedOperation.DEFAULT_ERROR);
    }
}
