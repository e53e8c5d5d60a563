package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.CreatePartitionsCommand;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidReplicaAssignmentException;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * CreatePartitions, with validate-only: grows topics to a new partition count. Each topic succeeds or fails
 * on its own; a topic named twice fails with INVALID_REQUEST, a count that is not an increase with
 * INVALID_PARTITIONS, and an explicit assignment to any broker but this one with INVALID_REPLICA_ASSIGNMENT.
 */
final class CreatePartitionsHandler
        extends AbstractApiHandler<CreatePartitionsRequestData, CreatePartitionsResponseData> {

    private final CreatePartitionsUseCase createPartitions;
    private final DescribeClusterQuery cluster;
    private final Executor adminExecutor;

    CreatePartitionsHandler(CreatePartitionsUseCase createPartitions, DescribeClusterQuery cluster, Executor adminExecutor) {
        super(ApiKeys.CREATE_PARTITIONS, 0, 3);
        this.createPartitions = createPartitions;
        this.cluster = cluster;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponseData> handle(RequestContext context, CreatePartitionsRequestData request) {
        return CompletableFuture.supplyAsync(() -> grow(request), adminExecutor);
    }

    private CreatePartitionsResponseData grow(CreatePartitionsRequestData request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        request.topics().forEach(topic -> {
            if (!seen.add(topic.name())) {
                duplicated.add(topic.name());
            }
        });
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        for (CreatePartitionsTopic topic : request.topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            if (duplicated.contains(topic.name())) {
                result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Topic '" + topic.name() + "' is named more than once");
            } else {
                try {
                    checkAssignments(topic.assignments());
                    createPartitions.createPartitions(
                            new CreatePartitionsCommand(TopicName.of(topic.name()), topic.count(), request.validateOnly()));
                } catch (HexalogException e) {
                    result.setErrorCode(ErrorMapping.toError(e).code()).setErrorMessage(e.getMessage());
                }
            }
            response.results().add(result);
        }
        return response;
    }

    private void checkAssignments(List<CreatePartitionsAssignment> assignments) {
        if (assignments == null) {
            return;
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
