package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AddPartitionsToTxn. Versions 0 to 3 are the producers': the partitions join the producer's transaction.
 * Versions 4 and 5 are the brokers' (KIP-890): several transactions at once, each either verified
 * ({@code VerifyOnly}: a partition not in the transaction gets TRANSACTION_ABORTABLE, and nothing changes) or added
 * to for a producer of transaction version 2. Every partition of a transaction gets its outcome; when some do not
 * exist, those get UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, and none is added, as in
 * Kafka.
 */
final class AddPartitionsToTxnHandler
        extends AbstractApiHandler<AddPartitionsToTxnRequestData, AddPartitionsToTxnResponseData> {

    private static final int FIRST_FENCED_VERSION = 2;
    private static final short FIRST_BROKER_VERSION = 4;

    private final TransactionUseCase transactions;
    private final DescribeTopicsQuery topics;

    AddPartitionsToTxnHandler(TransactionUseCase transactions, DescribeTopicsQuery topics) {
        super(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 5);
        this.transactions = transactions;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AddPartitionsToTxnResponseData> handle(RequestContext context,
                                                                    AddPartitionsToTxnRequestData request) {
        short version = context.apiVersion();
        if (version < FIRST_BROKER_VERSION) {
            return transaction(version, request.v3AndBelowTransactionalId(), request.v3AndBelowProducerId(),
                    request.v3AndBelowProducerEpoch(), request.v3AndBelowTopics(), false)
                    .thenApply(results -> new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(results));
        }
        List<CompletableFuture<AddPartitionsToTxnResult>> answers = new ArrayList<>();
        for (AddPartitionsToTxnTransaction transaction : request.transactions()) {
            if (transaction.transactionalId() == null) {
                return CompletableFuture.completedFuture(new AddPartitionsToTxnResponseData()
                        .setErrorCode(Errors.INVALID_REQUEST.code()));
            }
            answers.add(transaction(version, transaction.transactionalId(), transaction.producerId(),
                    transaction.producerEpoch(), transaction.topics(), transaction.verifyOnly())
                    .thenApply(results -> new AddPartitionsToTxnResult()
                            .setTransactionalId(transaction.transactionalId()).setTopicResults(results)));
        }
        return Futures.all(answers).thenApply(ignored -> {
            AddPartitionsToTxnResultCollection results = new AddPartitionsToTxnResultCollection();
            answers.forEach(answer -> results.add(answer.join()));
            return new AddPartitionsToTxnResponseData().setResultsByTransaction(results);
        });
    }

    /** One transaction's partitions added, or verified, and each partition's outcome. */
    private CompletableFuture<AddPartitionsToTxnTopicResultCollection> transaction(
            short version, String transactionalId, long producerId, short producerEpoch,
            AddPartitionsToTxnTopicCollection requested, boolean verifyOnly) {
        boolean anyUnknown = false;
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (AddPartitionsToTxnTopic topic : requested) {
            for (int index : topic.partitions()) {
                if (exists(topic.name(), index)) {
                    partitions.add(new TopicPartition(TopicName.of(topic.name()), index));
                } else {
                    anyUnknown = true;
                }
            }
        }
        if (anyUnknown) {
            return CompletableFuture.completedFuture(answer(requested, (topic, index) -> exists(topic, index)
                    ? Errors.OPERATION_NOT_ATTEMPTED : Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        if (verifyOnly) {
            return verify(version, transactionalId, producerId, producerEpoch, requested, partitions);
        }
        TransactionVersion clientVersion = version >= FIRST_BROKER_VERSION ? TransactionVersion.TV_2
                : TransactionVersion.TV_0;
        CompletableFuture<Void> added;
        try {
            added = transactions.addPartitions(TransactionalId.of(transactionalId),
                    TransactionErrors.producer(producerId, producerEpoch), partitions, clientVersion);
        } catch (HexalogException e) {
            added = CompletableFuture.failedFuture(e);
        }
        return added.handle((ignored, failure) -> {
            Errors error = failure == null ? Errors.NONE : TransactionErrors.of(failure, version, FIRST_FENCED_VERSION);
            return answer(requested, (topic, index) -> error);
        });
    }

    private CompletableFuture<AddPartitionsToTxnTopicResultCollection> verify(
            short version, String transactionalId, long producerId, short producerEpoch,
            AddPartitionsToTxnTopicCollection requested, Set<TopicPartition> partitions) {
        CompletableFuture<Set<TopicPartition>> missing;
        try {
            ProducerIdAndEpoch producer = TransactionErrors.producer(producerId, producerEpoch);
            missing = transactions.partitionsNotInTransaction(TransactionalId.of(transactionalId), producer,
                    partitions);
        } catch (HexalogException e) {
            missing = CompletableFuture.failedFuture(e);
        }
        return missing.handle((notIn, failure) -> {
            if (failure != null) {
                Errors error = TransactionErrors.of(failure, version, FIRST_FENCED_VERSION);
                return answer(requested, (topic, index) -> error);
            }
            return answer(requested, (topic, index) -> notIn.contains(new TopicPartition(TopicName.of(topic), index))
                    ? Errors.TRANSACTION_ABORTABLE : Errors.NONE);
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

    private static AddPartitionsToTxnTopicResultCollection answer(AddPartitionsToTxnTopicCollection requested,
                                                                  PartitionError errors) {
        AddPartitionsToTxnTopicResultCollection answer = new AddPartitionsToTxnTopicResultCollection();
        for (AddPartitionsToTxnTopic topic : requested) {
            AddPartitionsToTxnPartitionResultCollection results = new AddPartitionsToTxnPartitionResultCollection();
            for (int index : topic.partitions()) {
                results.add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(index)
                        .setPartitionErrorCode(errors.of(topic.name(), index).code()));
            }
            answer.add(new AddPartitionsToTxnTopicResult().setName(topic.name()).setResultsByPartition(results));
        }
        return answer;
    }
}
