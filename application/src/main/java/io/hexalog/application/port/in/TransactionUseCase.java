package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A transactional producer's transaction at its coordinator: AddPartitionsToTxn, AddOffsetsToTxn and EndTxn, and
 * the brokers' verification of KIP-890. Every method returning a future may be called from an event loop, and
 * fails with NOT_COORDINATOR on a broker that does not coordinate transactions now, INVALID_PRODUCER_ID_MAPPING
 * for an unknown transactional ID or another producer ID, PRODUCER_FENCED for an older epoch, and
 * CONCURRENT_TRANSACTIONS while the producer's last transaction is being completed.
 */
public interface TransactionUseCase {

    /**
     * The transaction version this broker serves, which ApiVersions reports as the finalized
     * {@code transaction.version}: {@link TransactionVersion#TV_2} where a partition's leader can always reach the
     * coordinator to add the partition (a single broker), lower where it cannot. Never changes.
     */
    TransactionVersion transactionVersion();

    /** Adds partitions as a client of the original protocol does (AddPartitionsToTxn v0-3). */
    default CompletableFuture<Void> addPartitions(TransactionalId transactionalId, ProducerIdAndEpoch producer,
                                                  Set<TopicPartition> partitions) {
        return addPartitions(transactionalId, producer, partitions, TransactionVersion.TV_0);
    }

    /**
     * Adds partitions to the producer's transaction, starting it if none is open, and records the client's
     * transaction version in it.
     *
     * @param clientVersion {@link TransactionVersion#TV_2} when a partition's leader adds the partition for a
     *                      producer of transaction version 2 (Produce v12, AddPartitionsToTxn v4+)
     * @return completes once the partitions are part of the transaction; fails with UNKNOWN_TOPIC_OR_PARTITION,
     *         adding none, if one of them does not exist
     */
    CompletableFuture<Void> addPartitions(TransactionalId transactionalId, ProducerIdAndEpoch producer,
                                          Set<TopicPartition> partitions, TransactionVersion clientVersion);

    /**
     * The brokers' verification (KIP-890 part 1, AddPartitionsToTxn v4+ with VerifyOnly): which of the partitions
     * the producer's transaction does not hold. Changes nothing.
     *
     * @return the partitions not in the transaction, empty when it holds them all
     */
    CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(TransactionalId transactionalId,
                                                                      ProducerIdAndEpoch producer,
                                                                      Set<TopicPartition> partitions);

    /** Makes the offsets the producer commits for {@code group} part of its transaction. */
    CompletableFuture<Void> addOffsets(TransactionalId transactionalId, ProducerIdAndEpoch producer, GroupId group);

    /**
     * Commits or aborts the producer's transaction. The answer comes once the decision is stored; the markers are
     * written to every partition afterwards, and the transaction is complete when all are. A retry of an EndTxn
     * that was already answered is answered again.
     *
     * @param clientVersion {@link TransactionVersion#TV_2} when the producer speaks transaction version 2
     *                      (KIP-890, EndTxn v5+): then every EndTxn bumps its epoch, and the markers carry the
     *                      bumped one
     * @return the producer ID and epoch the producer goes on with; fails with CONCURRENT_TRANSACTIONS while the
     *         markers of the last decision are being written (the producer retries), and with INVALID_TXN_STATE for
     *         an EndTxn its transaction's state does not allow
     */
    CompletableFuture<ProducerIdAndEpoch> endTransaction(TransactionalId transactionalId, ProducerIdAndEpoch producer,
                                                         boolean commit, TransactionVersion clientVersion);
}
