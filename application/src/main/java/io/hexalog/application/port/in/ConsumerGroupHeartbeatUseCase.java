package io.hexalog.application.port.in;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.HeartbeatResult;

import java.util.concurrent.CompletableFuture;

/**
 * Membership of consumer groups under the consumer protocol of KIP-848: ConsumerGroupHeartbeat. Never blocks the
 * caller, so it may be called from an event loop: a heartbeat that changes the group completes once the group's
 * durable state is written, so that a coordinator taking the group over knows what the member was told.
 */
public interface ConsumerGroupHeartbeatUseCase {

    /**
     * A member joins (epoch 0, creating the group if needed), heartbeats, or leaves (epoch -1; -2 for a static
     * member that will be back).
     *
     * @return completes with the member's epoch and, when it changed or was asked for, its assignment; or fails with
     *         the {@link io.hexalog.domain.error.HexalogException} Kafka answers with: GROUP_ID_NOT_FOUND when the
     *         group is a classic group with members, UNKNOWN_MEMBER_ID for a member (or group) this coordinator
     *         does not know, FENCED_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID, FENCED_INSTANCE_ID,
     *         GROUP_MAX_SIZE_REACHED, UNSUPPORTED_ASSIGNOR, INVALID_REQUEST, NOT_COORDINATOR
     */
    CompletableFuture<HeartbeatResult> heartbeat(GroupId group, ConsumerGroupHeartbeat request);
}
