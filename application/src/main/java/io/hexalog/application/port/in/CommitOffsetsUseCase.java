package io.hexalog.application.port.in;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Map;
import java.util.Optional;

/** Commits consumer group offsets (OffsetCommit). */
public interface CommitOffsetsUseCase {

    /**
     * Commits what can be committed.
     *
     * @return for each partition of the command, the error that kept its offset out, if any
     * @throws HexalogException when the whole commit is refused: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID,
     *                          FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS, GROUP_ID_NOT_FOUND (a member
     *                          commits to a group that does not exist), COORDINATOR_NOT_AVAILABLE
     */
    Map<TopicPartition, Optional<HexalogException>> commitOffsets(CommitOffsetsCommand command);
}
