package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.UnsupportedAssignorException;
import io.hexalog.domain.policy.Decision;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ConsumerGroupHeartbeat of a member. Fields a member leaves out because they did not change since its
 * last heartbeat are empty ({@code rebalanceTimeoutMs} is then -1).
 *
 * @param memberId    empty only when a version 0 member joins and asks the coordinator for an ID
 * @param memberEpoch 0 to join, -1 to leave, -2 for a static member leaving for a while, else its epoch
 * @param owned       the partitions the member owns now
 * @param subscribedTopicRegex a subscription by regular expression; one with an empty source clears it
 */
public record ConsumerGroupHeartbeat(String memberId, int memberEpoch, Optional<String> instanceId,
                                     Optional<String> rackId, int rebalanceTimeoutMs,
                                     Optional<List<String>> subscribedTopicNames,
                                     Optional<TopicPattern> subscribedTopicRegex, Optional<String> serverAssignor,
                                     Optional<PartitionAssignment> owned, String clientId, String clientHost) {

    public static final int JOIN_EPOCH = 0;
    public static final int LEAVE_EPOCH = -1;
    public static final int STATIC_LEAVE_EPOCH = ConsumerGroupMember.LEFT_STATIC_MEMBER_EPOCH;

    public ConsumerGroupHeartbeat {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(rackId, "rackId");
        subscribedTopicNames = subscribedTopicNames.map(List::copyOf);
        Objects.requireNonNull(subscribedTopicRegex, "subscribedTopicRegex");
        Objects.requireNonNull(serverAssignor, "serverAssignor");
        Objects.requireNonNull(owned, "owned");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientHost, "clientHost");
    }

    boolean isLeave() {
        return memberEpoch == LEAVE_EPOCH || memberEpoch == STATIC_LEAVE_EPOCH;
    }

    /** A request that states everything, as on joining or after an error: answered with the whole assignment. */
    boolean isFull() {
        return memberEpoch == JOIN_EPOCH
                || (rebalanceTimeoutMs != -1 && (subscribedTopicNames.isPresent() || subscribedTopicRegex.isPresent())
                && owned.isPresent());
    }

    /**
     * The checks Kafka makes before looking at the group.
     *
     * @return rejected with INVALID_REQUEST for a malformed request, UNSUPPORTED_ASSIGNOR for an assignor the
     *         broker does not have
     */
    Decision check(List<String> assignors) {
        if (instanceId.filter(String::isEmpty).isPresent()) {
            return invalid("InstanceId can't be empty.");
        }
        if (rackId.filter(String::isEmpty).isPresent()) {
            return invalid("RackId can't be empty.");
        }
        if (memberEpoch > 0 || memberEpoch == LEAVE_EPOCH) {
            if (memberId.isEmpty()) {
                return invalid("MemberId can't be empty.");
            }
        } else if (memberEpoch == JOIN_EPOCH) {
            if (rebalanceTimeoutMs == -1) {
                return invalid("RebalanceTimeoutMs must be provided in first request.");
            }
            if (owned.map(partitions -> !partitions.isEmpty()).orElse(true)) {
                return invalid("TopicPartitions must be empty when (re-)joining.");
            }
            if (subscribedTopicNames.map(List::isEmpty).orElse(true)
                    && subscribedTopicRegex.map(pattern -> pattern.source().isEmpty()).orElse(true)) {
                return invalid("SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
            }
        } else if (memberEpoch == STATIC_LEAVE_EPOCH) {
            if (memberId.isEmpty()) {
                return invalid("MemberId can't be empty.");
            }
            if (instanceId.isEmpty()) {
                return invalid("InstanceId can't be null.");
            }
        } else {
            return invalid("MemberEpoch is invalid.");
        }
        if (serverAssignor.isPresent() && !assignors.contains(serverAssignor.get())) {
            return Decision.reject(new UnsupportedAssignorException("ServerAssignor " + serverAssignor.get()
                    + " is not supported. Supported assignors: " + String.join(", ", assignors) + "."));
        }
        return Decision.accept();
    }

    private static Decision invalid(String message) {
        return Decision.reject(new InvalidRequestException(message));
    }
}
