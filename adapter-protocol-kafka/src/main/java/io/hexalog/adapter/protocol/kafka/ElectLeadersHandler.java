package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ElectLeadersCommand;
import io.hexalog.application.port.in.ElectLeadersUseCase;
import io.hexalog.application.port.in.ElectLeadersUseCase.PartitionResult;
import io.hexalog.application.port.in.ElectLeadersUseCase.TopicResult;
import io.hexalog.application.port.in.ElectionType;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ElectLeaders (KIP-460): elects the preferred leader of the partitions named, or of every partition when the
 * request names none ({@code kafka-leader-election.sh --all-topic-partitions}). Version 0 knows only preferred
 * elections; an election type Kafka does not know is an INVALID_REQUEST, answered at the top level.
 */
final class ElectLeadersHandler extends AbstractApiHandler<ElectLeadersRequestData, ElectLeadersResponseData> {

    private static final Logger LOG = LoggerFactory.getLogger(ElectLeadersHandler.class);
    private static final byte PREFERRED = 0;
    private static final byte UNCLEAN = 1;

    private final ElectLeadersUseCase elections;

    ElectLeadersHandler(ElectLeadersUseCase elections) {
        super(ApiKeys.ELECT_LEADERS, 0, 2);
        this.elections = elections;
    }

    @Override
    public CompletableFuture<ElectLeadersResponseData> handle(RequestContext context, ElectLeadersRequestData request) {
        Optional<ElectionType> type = electionType(request.electionType());
        if (type.isEmpty()) {
            LOG.info("Refused ElectLeaders from client {}: election type {} is neither 0 (preferred) nor 1 (unclean)",
                    context.clientId(), request.electionType());
            return CompletableFuture.completedFuture(new ElectLeadersResponseData()
                    .setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        return elections.electLeaders(new ElectLeadersCommand(type.get(), partitions(request),
                        Duration.ofMillis(Math.max(0, request.timeoutMs()))))
                .thenApply(ElectLeadersHandler::response);
    }

    private static Optional<ElectionType> electionType(byte type) {
        if (type == PREFERRED) {
            return Optional.of(ElectionType.PREFERRED);
        }
        if (type == UNCLEAN) {
            return Optional.of(ElectionType.UNCLEAN);
        }
        return Optional.empty();
    }

    /** The partitions named, or empty for every partition: the request's list is null then. */
    private static Optional<List<ElectLeadersCommand.TopicPartitions>> partitions(ElectLeadersRequestData request) {
        if (request.topicPartitions() == null) {
            return Optional.empty();
        }
        List<ElectLeadersCommand.TopicPartitions> named = new ArrayList<>();
        for (ElectLeadersRequestData.TopicPartitions topic : request.topicPartitions()) {
            named.add(new ElectLeadersCommand.TopicPartitions(topic.topic(), topic.partitions()));
        }
        return Optional.of(named);
    }

    private static ElectLeadersResponseData response(List<TopicResult> results) {
        ElectLeadersResponseData response = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
        for (TopicResult topic : results) {
            ReplicaElectionResult topicResult = new ReplicaElectionResult().setTopic(topic.topic());
            for (PartitionResult partition : topic.partitions()) {
                ElectLeadersResponseData.PartitionResult partitionResult =
                        new ElectLeadersResponseData.PartitionResult().setPartitionId(partition.partition());
                partition.failure().ifPresentOrElse(
                        failure -> partitionResult.setErrorCode(ErrorMapping.toError(failure).code())
                                .setErrorMessage(ErrorMapping.message(failure)),
                        () -> partitionResult.setErrorCode(Errors.NONE.code()).setErrorMessage(null));
                topicResult.partitionResult().add(partitionResult);
            }
            response.replicaElectionResults().add(topicResult);
        }
        return response;
    }
}
