package io.hexalog.application.port.in;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Commits consumer group offsets (OffsetCommit). */
public interface CommitOffsetsUseCase {

    /**
     * Commits what can be committed, off the caller's thread; may be called from an event loop. The commits
     * of one group are stored in the order they were made; commits of different groups do not wait for each
     * other.
     *
     * @return completes, once the offsets are stored, with the error that kept each partition's offset out,
     *         if any; fails when the whole commit is refused: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID (also for a
     *         member named by its ID committing to a group this coordinator does not hold, which may have been
     *         lost with the previous coordinator), FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS, GROUP_ID_NOT_FOUND
     *         (a commit with a generation but no member ID to a group that does not exist),
     *         COORDINATOR_NOT_AVAILABLE, each a {@link HexalogException}
     */
    CompletableFuture<Map<TopicPartition, Optional<HexalogException>>> commitOffsets(CommitOffsetsCommand command);
}
