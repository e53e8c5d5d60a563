package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AddPartitionsToTxn as producers send it, versions 0 to 3: the partitions join the producer's transaction.
 * Every partition gets the request's outcome; when some partitions do not exist, those get
 * UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, and none is added, as in Kafka.
 * Versions 4 and up (several transactions at once, and the brokers' verification of KIP-890) are not served yet.
 */
final class AddPartitionsToTxnHandler
        extends AbstractApiHandler<AddPartitionsToTxnRequestData, AddPartitionsToTxnResponseData> {

    private static final int FIRST_FENCED_VERSION = 2;

    private final TransactionUseCase transactions;
    private final DescribeTopicsQuery topics;

    AddPartitionsToTxnHandler(TransactionUseCase transactions, DescribeTopicsQuery topics) {
        super(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 3);
        this.transactions = transactions;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AddPartitionsToTxnResponseData> handle(RequestContext context,
                                                                    AddPartitionsToTxnRequestData request) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        boolean anyUnknown = false;
        for (AddPartitionsToTxnTopic topic : request.v3AndBelowTopics()) {
            for (int index : topic.partitions()) {
                anyUnknown |= !exists(topic.name(), index);
            }
        }
        if (anyUnknown) {
            return CompletableFuture.completedFuture(answer(request, (topic, index) -> exists(topic, index)
                    ? Errors.OPERATION_NOT_ATTEMPTED : Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        request.v3AndBelowTopics().forEach(topic -> topic.partitions().forEach(index ->
                partitions.add(new TopicPartition(TopicName.of(topic.name()), index))));
        CompletableFuture<Void> added;
        try {
            added = transactions.addPartitions(TransactionalId.of(request.v3AndBelowTransactionalId()),
                    TransactionErrors.producer(request.v3AndBelowProducerId(), request.v3AndBelowProducerEpoch()),
                    partitions);
        } catch (HexalogException e) {
            added = CompletableFuture.failedFuture(e);
        }
        return added.handle((ignored, failure) -> {
            Errors error = failure == null ? Errors.NONE
                    : TransactionErrors.of(failure, context.apiVersion(), FIRST_FENCED_VERSION);
            return answer(request, (topic, index) -> error);
        });
    }

    private boolean exists(String topic, int index) {
        try {
            return index >= 0 && topics.findTopic(TopicName.of(topic)).filter(found -> found.hasPartition(index)).isPresent();
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    private interface PartitionError {
        Errors of(String topic, int index);
    }

    private static AddPartitionsToTxnResponseData answer(AddPartitionsToTxnRequestData request, PartitionError errors) {
        AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData();
        for (AddPartitionsToTxnTopic topic : request.v3AndBelowTopics()) {
            AddPartitionsToTxnPartitionResultCollection results = new AddPartitionsToTxnPartitionResultCollection();
            for (int index : topic.partitions()) {
                results.add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(index)
                        .setPartitionErrorCode(errors.of(topic.name(), index).code()));
            }
            response.resultsByTopicV3AndBelow().add(new AddPartitionsToTxnTopicResult().setName(topic.name())
                    .setResultsByPartition(results));
        }
        return response;
    }
}
