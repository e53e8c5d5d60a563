package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.HeartbeatResult;

/**
 * Membership of consumer groups under the consumer protocol of KIP-848: ConsumerGroupHeartbeat. Answers at
 * once without blocking, so it may be called from an event loop.
 */
public interface ConsumerGroupHeartbeatUseCase {

    /**
     * A member joins (epoch 0, creating the group if needed), heartbeats, or leaves (epoch -1; -2 for a static
     * member that will be back).
     *
     * @return the member's epoch and, when it changed or was asked for, its assignment
     * @throws io.hexalog.domain.error.HexalogException the error Kafka answers with: GROUP_ID_NOT_FOUND when the
     *         group is a classic group with members, UNKNOWN_MEMBER_ID for a member (or group) this coordinator
     *         does not know, FENCED_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID, FENCED_INSTANCE_ID,
     *         GROUP_MAX_SIZE_REACHED, UNSUPPORTED_ASSIGNOR, INVALID_REQUEST, NOT_COORDINATOR
     */
    HeartbeatResult heartbeat(GroupId group, ConsumerGroupHeartbeat request);
}
