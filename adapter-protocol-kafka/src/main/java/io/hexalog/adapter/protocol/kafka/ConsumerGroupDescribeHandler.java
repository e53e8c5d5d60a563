package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupDescription;
import io.hexalog.domain.group.consumer.PartitionAssignment;
import io.hexalog.domain.topic.Topic;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupDescribe (KIP-848): a consumer group's epochs, assignor and members with their current and
 * target assignments. A group ID that names no consumer group (a classic group included) is answered with
 * GROUP_ID_NOT_FOUND, on which the admin client falls back to DescribeGroups, as it does with Kafka. Without
 * an authorizer every group operation is allowed.
 */
final class ConsumerGroupDescribeHandler
        extends AbstractApiHandler<ConsumerGroupDescribeRequestData, ConsumerGroupDescribeResponseData> {

    /** READ (3), DELETE (6) and DESCRIBE (8): what a group resource supports. */
    private static final int ALL_GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
    private static final byte CONSUMER_MEMBER = 1;
    private static final byte CLASSIC_MEMBER = 0;

    private final ConsumerGroupsQuery groups;
    private final DescribeTopicsQuery topics;

    ConsumerGroupDescribeHandler(ConsumerGroupsQuery groups, DescribeTopicsQuery topics) {
        super(ApiKeys.CONSUMER_GROUP_DESCRIBE, 0, 1);
        this.groups = groups;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<ConsumerGroupDescribeResponseData> handle(RequestContext context,
                                                                       ConsumerGroupDescribeRequestData request) {
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        for (String groupId : request.groupIds()) {
            DescribedGroup described = new DescribedGroup().setGroupId(groupId);
            try {
                Optional<ConsumerGroupDescription> found = groups.describeConsumerGroup(GroupId.of(groupId));
                if (found.isEmpty()) {
                    described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                            .setErrorMessage("Group " + groupId + " is not a consumer group.");
                } else {
                    describe(described, found.get(), request.includeAuthorizedOperations());
                }
            } catch (RuntimeException e) {
                described.setErrorCode(ErrorMapping.toError(e).code()).setErrorMessage(ErrorMapping.message(e));
            }
            response.groups().add(described);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void describe(DescribedGroup described, ConsumerGroupDescription group, boolean withOperations) {
        described.setGroupState(ConsumerGroupStateNames.toWire(group.state()))
                .setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.assignmentEpoch())
                .setAssignorName(group.assignorName());
        if (withOperations) {
            described.setAuthorizedOperations(ALL_GROUP_OPERATIONS);
        }
        group.members().forEach(member -> described.members().add(new ConsumerGroupDescribeResponseData.Member()
                .setMemberId(member.memberId())
                .setInstanceId(member.instanceId().orElse(null))
                .setRackId(member.rackId().orElse(null))
                .setMemberEpoch(member.memberEpoch())
                .setClientId(member.clientId())
                .setClientHost(member.clientHost())
                .setSubscribedTopicNames(member.subscribedTopicNames().stream().sorted().toList())
                .setSubscribedTopicRegex(member.subscribedTopicRegex().orElse(null))
                .setAssignment(assignment(member.assignment()))
                .setTargetAssignment(assignment(member.targetAssignment()))
                .setMemberType(member.classic() ? CLASSIC_MEMBER : CONSUMER_MEMBER)));
    }

    private ConsumerGroupDescribeResponseData.Assignment assignment(PartitionAssignment assignment) {
        List<ConsumerGroupDescribeResponseData.TopicPartitions> partitions = new ArrayList<>();
        assignment.partitions().forEach((topicId, indexes) -> topics.findTopic(topicId).map(Topic::name)
                .ifPresent(name -> partitions.add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                        .setTopicId(ConsumerGroupHeartbeatHandler.toWire(topicId))
                        .setTopicName(name.value())
                        .setPartitions(new ArrayList<>(indexes)))));
        return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(partitions);
    }
}
