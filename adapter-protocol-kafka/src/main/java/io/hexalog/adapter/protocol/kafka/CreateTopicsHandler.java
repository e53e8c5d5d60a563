package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ConfigEntry;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.domain.error.InvalidPartitionsException;
import io.hexalog.domain.error.InvalidReplicaAssignmentException;
import io.hexalog.domain.error.InvalidReplicationFactorException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics, with validate-only. Each topic succeeds or fails on its own, and they are created one after
 * the other in request order; a topic named twice in one request fails with INVALID_REQUEST, as in Kafka.
 * -1 partitions or replication factor means the broker default, 0 or below -1 gets INVALID_PARTITIONS or
 * INVALID_REPLICATION_FACTOR before any command is built; an explicit replica assignment must place every
 * partition on this broker alone. From version 5 a topic created, or that would be, is answered with its
 * configs as DescribeConfigs shows them (KIP-525). A request whose topics would have more than 10,000
 * partitions in all is refused as a whole, every topic with POLICY_VIOLATION, before any is created (Kafka's
 * controller does the same, KAFKA-17870); each topic that would take the broker over its partition limit fails
 * with POLICY_VIOLATION on its own.
 */
final class CreateTopicsHandler extends AbstractApiHandler<CreateTopicsRequestData, CreateTopicsResponseData> {

    private static final Logger LOG = LoggerFactory.getLogger(CreateTopicsHandler.class);
    private static final int USE_DEFAULT = -1;
    private static final short FIRST_VERSION_WITH_CONFIGS = 5;

    private final CreateTopicUseCase createTopic;
    private final DescribeConfigsQuery configs;
    private final DescribeClusterQuery cluster;

    CreateTopicsHandler(CreateTopicUseCase createTopic, DescribeConfigsQuery configs, DescribeClusterQuery cluster) {
        super(ApiKeys.CREATE_TOPICS, 2, 7);
        this.createTopic = createTopic;
        this.configs = configs;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<CreateTopicsResponseData> handle(RequestContext context, CreateTopicsRequestData request) {
        boolean withConfigs = context.apiVersion() >= FIRST_VERSION_WITH_CONFIGS;
        Set<String> seen = new HashSet<>();
        Set<String> duplicated = new HashSet<>();
        request.topics().forEach(topic -> {
            if (!seen.add(topic.name())) {
                duplicated.add(topic.name());
            }
        });
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        if (createTopic.checkCreateTopicsRequest(requestedCounts(request, duplicated)) instanceof Decision.Rejected rejected) {
            LOG.info("Refused CreateTopics of {} topic(s) from client {}: {}", request.topics().size(),
                    context.clientId(), rejected.error().getMessage());
            request.topics().forEach(topic -> response.topics().add(duplicated.contains(topic.name())
                    ? fail(new CreatableTopicResult().setName(topic.name()), Errors.INVALID_REQUEST,
                            "Topic '" + topic.name() + "' is named more than once")
                    : fail(new CreatableTopicResult().setName(topic.name()), Errors.POLICY_VIOLATION,
                            rejected.error().getMessage())));
            return CompletableFuture.completedFuture(response);
        }
        return Futures.inOrder(request.topics(), requested -> {
            CreatableTopicResult result = new CreatableTopicResult().setName(requested.name());
            response.topics().add(result);
            if (duplicated.contains(requested.name())) {
                fail(result, Errors.INVALID_REQUEST, "Topic '" + requested.name() + "' is named more than once");
                return CompletableFuture.completedFuture(null);
            }
            return Futures.attempt(() -> createTopic.createTopic(command(requested, request.validateOnly())))
                    .handle((topic, failure) -> {
                        if (failure != null) {
                            fail(result, ErrorMapping.toError(failure), ErrorMapping.message(failure));
                        } else {
                            answer(result, topic, request.validateOnly(), withConfigs);
                        }
                        return null;
                    });
        }).thenApply(done -> response);
    }

    /**
     * What each topic asks for, as Kafka counts it: its assignments, else its count (-1 for the default). A
     * topic named twice asks for nothing: Kafka's broker drops it before the controller counts.
     */
    private static List<OptionalInt> requestedCounts(CreateTopicsRequestData request, Set<String> duplicated) {
        List<OptionalInt> counts = new ArrayList<>();
        for (CreatableTopic topic : request.topics()) {
            if (duplicated.contains(topic.name())) {
                continue;
            }
            if (!topic.assignments().isEmpty()) {
                counts.add(OptionalInt.of(topic.assignments().size()));
            } else {
                counts.add(topic.numPartitions() == USE_DEFAULT ? OptionalInt.empty() : OptionalInt.of(topic.numPartitions()));
            }
        }
        return counts;
    }

    private void answer(CreatableTopicResult result, Topic topic, boolean validateOnly, boolean withConfigs) {
        result.setTopicId(validateOnly ? Uuid.ZERO_UUID : TopicIds.toWire(topic.id()))
                .setNumPartitions(topic.partitionCount())
                .setReplicationFactor((short) topic.replicationFactor());
        if (withConfigs) {
            configs.describeConfigsOf(topic).forEach(entry -> result.configs().add(toWire(entry)));
        }
    }

    private CreateTopicCommand command(CreatableTopic requested, boolean validateOnly) {
        OptionalInt partitions = requested.numPartitions() == USE_DEFAULT
                ? OptionalInt.empty() : OptionalInt.of(requested.numPartitions());
        OptionalInt replicationFactor = requested.replicationFactor() == USE_DEFAULT
                ? OptionalInt.empty() : OptionalInt.of(requested.replicationFactor());
        if (!requested.assignments().isEmpty()) {
            if (partitions.isPresent() || replicationFactor.isPresent()) {
                throw new InvalidRequestException(
                        "Both a replica assignment and a partition count or replication factor were given");
            }
            checkAssignment(requested);
            partitions = OptionalInt.of(requested.assignments().size());
            replicationFactor = OptionalInt.of(requested.assignments().iterator().next().brokerIds().size());
        }
        if (partitions.isPresent() && partitions.getAsInt() < 1) {
            throw new InvalidPartitionsException("Number of partitions must be larger than 0, was " + partitions.getAsInt());
        }
        if (replicationFactor.isPresent() && replicationFactor.getAsInt() < 1) {
            throw new InvalidReplicationFactorException(
                    "Replication factor must be larger than 0, was " + replicationFactor.getAsInt());
        }
        Map<String, String> configs = new HashMap<>();
        requested.configs().forEach(config -> configs.put(config.name(), config.value()));
        return new CreateTopicCommand(TopicName.of(requested.name()), partitions, replicationFactor, configs, validateOnly);
    }

    /**
     * A single broker takes the one assignment it can honour: every partition on itself. A cluster places replicas
     * by its shard groups, so it takes none rather than accept one it would not follow.
     */
    private void checkAssignment(CreatableTopic requested) {
        if (cluster.brokers().size() > 1) {
            throw new InvalidReplicaAssignmentException(ReplicaAssignments.REFUSED_IN_A_CLUSTER);
        }
        int self = cluster.localBroker().nodeId();
        for (CreateTopicsRequestData.CreatableReplicaAssignment assignment : requested.assignments()) {
            if (!assignment.brokerIds().equals(List.of(self))) {
                throw new InvalidReplicaAssignmentException("Partition " + assignment.partitionIndex() + " is assigned to brokers "
                        + assignment.brokerIds() + " but only broker " + self + " exists");
            }
        }
    }

    private static CreatableTopicConfigs toWire(ConfigEntry entry) {
        return new CreatableTopicConfigs()
                .setName(entry.name())
                .setValue(ConfigEntries.shown(entry, entry.value()))
                .setReadOnly(entry.readOnly())
                .setConfigSource(ConfigEntries.source(entry.source()))
                .setIsSensitive(entry.sensitive());
    }

    private static CreatableTopicResult fail(CreatableTopicResult result, Errors error, String message) {
        return result.setErrorCode(error.code()).setErrorMessage(message).setNumPartitions(-1).setReplicationFactor((short) -1);
    }
}
