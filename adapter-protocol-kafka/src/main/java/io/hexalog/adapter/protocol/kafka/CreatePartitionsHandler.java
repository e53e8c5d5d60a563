package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.CreatePartitionsCommand;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.domain.error.InvalidReplicaAssignmentException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreatePartitions, with validate-only: grows topics to a new partition count, one after the other in
 * request order. Each topic succeeds or fails on its own; a topic named twice fails with INVALID_REQUEST, an
 * unknown topic with UNKNOWN_TOPIC_OR_PARTITION, a count that is not an increase with INVALID_PARTITIONS (a
 * count below 1 never is, and is refused before any command is built), and an explicit assignment to any
 * broker but this one with INVALID_REPLICA_ASSIGNMENT. As for CreateTopics, a request that would add more than
 * 10,000 partitions in all is refused as a whole with POLICY_VIOLATION, and a topic that would take the broker
 * over its partition limit fails with POLICY_VIOLATION.
 */
final class CreatePartitionsHandler
        extends AbstractApiHandler<CreatePartitionsRequestData, CreatePartitionsResponseData> {

    private static final Logger LOG = LoggerFactory.getLogger(CreatePartitionsHandler.class);

    private final CreatePartitionsUseCase createPartitions;
    private final DescribeTopicsQuery topics;
    private final DescribeClusterQuery cluster;

    CreatePartitionsHandler(CreatePartitionsUseCase createPartitions, DescribeTopicsQuery topics,
                            DescribeClusterQuery cluster) {
        super(ApiKeys.CREATE_PARTITIONS, 0, 3);
        this.createPartitions = createPartitions;
        this.topics = topics;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponseData> handle(RequestContext context, CreatePartitionsRequestData request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        request.topics().forEach(topic -> {
            if (!seen.add(topic.name())) {
                duplicated.add(topic.name());
            }
        });
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        Decision size = createPartitions.checkCreatePartitionsRequest(growths(request, duplicated));
        if (size instanceof Decision.Rejected rejected) {
            LOG.info("Refused CreatePartitions of {} topic(s) from client {}: {}", request.topics().size(),
                    context.clientId(), rejected.error().getMessage());
            request.topics().forEach(topic -> response.results().add(duplicated.contains(topic.name())
                    ? new CreatePartitionsTopicResult().setName(topic.name())
                            .setErrorCode(Errors.INVALID_REQUEST.code())
                            .setErrorMessage("Topic '" + topic.name() + "' is named more than once")
                    : new CreatePartitionsTopicResult().setName(topic.name())
                            .setErrorCode(Errors.POLICY_VIOLATION.code())
                            .setErrorMessage(rejected.error().getMessage())));
            return CompletableFuture.completedFuture(response);
        }
        return Futures.inOrder(request.topics(), topic -> {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            response.results().add(result);
            if (duplicated.contains(topic.name())) {
                result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Topic '" + topic.name() + "' is named more than once");
                return CompletableFuture.completedFuture(null);
            }
            return Futures.attempt(() -> createPartitions.createPartitions(command(topic, request.validateOnly())))
                    .handle((grown, failure) -> failure == null ? result : result
                            .setErrorCode(ErrorMapping.toError(failure).code())
                            .setErrorMessage(ErrorMapping.message(failure)));
        }).thenApply(done -> response);
    }

    /** The growths the request asks for; topics named twice, bad names and impossible counts ask for none. */
    private static List<CreatePartitionsCommand> growths(CreatePartitionsRequestData request, Set<String> duplicated) {
        List<CreatePartitionsCommand> growths = new ArrayList<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!duplicated.contains(topic.name()) && topic.count() >= 1) {
                try {
                    growths.add(new CreatePartitionsCommand(TopicName.of(topic.name()), topic.count(),
                            request.validateOnly()));
                } catch (InvalidTopicException e) {
                    // No such topic can exist; it fails on its own as unknown.
                }
            }
        }
        return growths;
    }

    private CreatePartitionsCommand command(CreatePartitionsTopic topic, boolean validateOnly) {
        checkAssignments(topic.assignments());
        TopicName name = TopicName.of(topic.name());
        if (topic.count() < 1) {
            // No command can carry such a count. Kafka names an unknown topic first; an existing topic refuses
            // the count as it refuses every count that is not an increase.
            topics.findTopic(name)
                    .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist"))
                    .withPartitionCount(topic.count());
        }
        return new CreatePartitionsCommand(name, topic.count(), validateOnly);
    }

    private void checkAssignments(List<CreatePartitionsAssignment> assignments) {
        if (assignments == null) {
            return;
        }
        if (cluster.brokers().size() > 1) {
            throw new InvalidReplicaAssignmentException(ReplicaAssignments.REFUSED_IN_A_CLUSTER);
        }
        int self = cluster.localBroker().nodeId();
        for (CreatePartitionsAssignment assignment : assignments) {
            if (!assignment.brokerIds().equals(List.of(self))) {
                throw new InvalidReplicaAssignmentException("New partitions are assigned to brokers "
                        + assignment.brokerIds() + " but only broker " + self + " exists");
            }
        }
    }
}
