package io.hexalog.application.port.in;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets committed inside transactions: pending until the transaction commits (they then become the group's
 * committed offsets) or aborts (they vanish).
 */
public interface TxnOffsetCommitUseCase {

    /**
     * Stores the offsets as pending in the producer's transaction, which must have added the group
     * (AddOffsetsToTxn), once the group accepts the command's committer: a member of the group in its current
     * generation, or a commit naming no member (KIP-447). May be called from an event loop.
     *
     * @return each partition's outcome (UNKNOWN_TOPIC_OR_PARTITION, OFFSET_METADATA_TOO_LARGE), or a failure for
     *         the whole request: NOT_COORDINATOR, INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED, INVALID_TXN_STATE,
     *         and for the committer ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID or
     *         COORDINATOR_NOT_AVAILABLE (nothing is stored then)
     */
    CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> commitOffsets(TxnOffsetCommitCommand command);

    /**
     * The partitions of the group with offsets committed in a transaction that has not ended: OffsetFetch with
     * {@code require_stable} answers UNSTABLE_OFFSET_COMMIT for them.
     */
    CompletableFuture<Set<TopicPartition>> partitionsWithPendingOffsets(GroupId group);
}
