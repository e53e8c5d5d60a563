package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ConsumerGroupHeartbeatUseCase;
import io.hexalog.application.port.out.TopicPatternCompiler;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupHeartbeat;
import io.hexalog.domain.group.consumer.HeartbeatResult;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.topic.TopicId;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupHeartbeat (KIP-848): joins, heartbeats and leaves of consumer-protocol members, answered (once a
 * change to the group is stored) with the member's epoch and, when it changed, its assignment. From version 1 the client chooses its member
 * ID and may subscribe by regular expression, compiled here with RE2/J as Kafka's coordinator does (one that
 * does not compile gets INVALID_REGULAR_EXPRESSION).
 */
final class ConsumerGroupHeartbeatHandler
        extends AbstractApiHandler<ConsumerGroupHeartbeatRequestData, ConsumerGroupHeartbeatResponseData> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupHeartbeatHandler.class);
    private static final short FIRST_VERSION_WITH_CLIENT_MEMBER_ID = 1;
    /** The engine a restored group's stored patterns are compiled with again, too. */
    private static final TopicPatternCompiler PATTERNS = new Re2jTopicPatternCompiler();

    private final ConsumerGroupHeartbeatUseCase groups;

    ConsumerGroupHeartbeatHandler(ConsumerGroupHeartbeatUseCase groups) {
        super(ApiKeys.CONSUMER_GROUP_HEARTBEAT, 0, 1);
        this.groups = groups;
    }

    @Override
    public CompletableFuture<ConsumerGroupHeartbeatResponseData> handle(RequestContext context,
                                                                        ConsumerGroupHeartbeatRequestData request) {
        CompletableFuture<HeartbeatResult> answered;
        try {
            if (context.apiVersion() >= FIRST_VERSION_WITH_CLIENT_MEMBER_ID && request.memberId().isEmpty()) {
                throw new InvalidRequestException("MemberId can't be empty.");
            }
            if (request.groupId().isEmpty()) {
                throw new InvalidRequestException("GroupId can't be empty.");
            }
            answered = groups.heartbeat(GroupId.of(request.groupId()), heartbeat(context, request));
        } catch (RuntimeException e) {
            answered = CompletableFuture.failedFuture(e);
        }
        return answered.handle((result, failure) -> failure == null ? response(result) : refusal(request, failure));
    }

    private static ConsumerGroupHeartbeatResponseData response(HeartbeatResult result) {
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(result.memberId())
                .setMemberEpoch(result.memberEpoch())
                .setHeartbeatIntervalMs(result.heartbeatIntervalMs());
        result.assignment().ifPresent(assignment -> response.setAssignment(
                new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(toWire(assignment))));
        return response;
    }

    private static ConsumerGroupHeartbeatResponseData refusal(ConsumerGroupHeartbeatRequestData request,
                                                              Throwable failure) {
        Errors error = ErrorMapping.toError(failure);
        LOG.info("ConsumerGroupHeartbeat of member {} (epoch {}) in group {} answered {}: {}", request.memberId(),
                request.memberEpoch(), request.groupId(), error.name(), ErrorMapping.message(failure));
        return new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code())
                .setErrorMessage(ErrorMapping.message(failure));
    }

    private static ConsumerGroupHeartbeat heartbeat(RequestContext context, ConsumerGroupHeartbeatRequestData request) {
        return new ConsumerGroupHeartbeat(request.memberId(), request.memberEpoch(),
                Optional.ofNullable(request.instanceId()), Optional.ofNullable(request.rackId()),
                request.rebalanceTimeoutMs(), Optional.ofNullable(request.subscribedTopicNames()),
                Optional.ofNullable(request.subscribedTopicRegex()).map(PATTERNS::compile),
                Optional.ofNullable(request.serverAssignor()),
                Optional.ofNullable(request.topicPartitions()).map(ConsumerGroupHeartbeatHandler::fromWire),
                context.clientId() == null ? "" : context.clientId(), JoinGroupHandler.clientHost(context));
    }

    private static PartitionAssignment fromWire(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
        Map<TopicId, Set<Integer>> partitions = new HashMap<>();
        owned.forEach(topic -> partitions.computeIfAbsent(topicId(topic.topicId()), id -> new HashSet<>())
                .addAll(topic.partitions()));
        return new PartitionAssignment(partitions);
    }

    static TopicId topicId(Uuid uuid) {
        return new TopicId(new UUID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()));
    }

    static Uuid toWire(TopicId topicId) {
        return new Uuid(topicId.uuid().getMostSignificantBits(), topicId.uuid().getLeastSignificantBits());
    }

    private static List<ConsumerGroupHeartbeatResponseData.TopicPartitions> toWire(PartitionAssignment assignment) {
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
        assignment.partitions().forEach((topic, partitions) -> topics.add(
                new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                        .setTopicId(toWire(topic)).setPartitions(new ArrayList<>(partitions))));
        return topics;
    }
}
