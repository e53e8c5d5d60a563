package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A transactional producer's transaction at its coordinator: AddPartitionsToTxn, AddOffsetsToTxn and EndTxn.
 * Every method may be called from an event loop, and fails with NOT_COORDINATOR on a broker that does not
 * coordinate transactions now, INVALID_PRODUCER_ID_MAPPING for an unknown transactional ID or another producer ID,
 * PRODUCER_FENCED for an older epoch, and CONCURRENT_TRANSACTIONS while the producer's last transaction is being
 * completed.
 */
public interface TransactionUseCase {

    /**
     * Adds partitions to the producer's transaction, starting it if none is open.
     *
     * @return completes once the partitions are part of the transaction; fails with UNKNOWN_TOPIC_OR_PARTITION,
     *         adding none, if one of them does not exist
     */
    CompletableFuture<Void> addPartitions(TransactionalId transactionalId, ProducerIdAndEpoch producer,
                                          Set<TopicPartition> partitions);

    /** Makes the offsets the producer commits for {@code group} part of its transaction. */
    CompletableFuture<Void> addOffsets(TransactionalId transactionalId, ProducerIdAndEpoch producer, GroupId group);

    /**
     * Commits or aborts the producer's transaction. The answer comes once the decision is stored; the markers are
     * written to every partition afterwards, and the transaction is complete when all are. A retry of an EndTxn
     * that was already answered is answered again.
     *
     * @param transactionVersion2 whether the producer speaks transaction version 2 (KIP-890, EndTxn v5+): then
     *                            every EndTxn bumps its epoch
     * @return the producer ID and epoch the producer goes on with; fails with INVALID_TXN_STATE for an EndTxn its
     *         transaction's state does not allow
     */
    CompletableFuture<ProducerIdAndEpoch> endTransaction(TransactionalId transactionalId, ProducerIdAndEpoch producer,
                                                         boolean commit, boolean transactionVersion2);
}
