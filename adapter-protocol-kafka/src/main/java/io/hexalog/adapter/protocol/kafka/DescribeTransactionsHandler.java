package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeTransactionsQuery;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionalId;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeTransactions (KIP-664): for each transactional ID, its state, producer, timeout, start time and the
 * partitions of its transaction; TRANSACTIONAL_ID_NOT_FOUND for an unknown ID, NOT_COORDINATOR on a broker that
 * does not coordinate transactions.
 */
final class DescribeTransactionsHandler
        extends AbstractApiHandler<DescribeTransactionsRequestData, DescribeTransactionsResponseData> {

    private final DescribeTransactionsQuery transactions;

    DescribeTransactionsHandler(DescribeTransactionsQuery transactions) {
        super(ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0);
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<DescribeTransactionsResponseData> handle(RequestContext context,
                                                                      DescribeTransactionsRequestData request) {
        List<CompletableFuture<TransactionState>> states = new ArrayList<>();
        for (String id : request.transactionalIds()) {
            states.add(Futures.attempt(() -> transactions.describe(TransactionalId.of(id))).handle((metadata, failure) ->
                    failure == null ? describe(metadata) : new TransactionState().setTransactionalId(id)
                            .setErrorCode(ErrorMapping.toError(failure).code())));
        }
        return Futures.all(states).thenApply(done -> {
            DescribeTransactionsResponseData response = new DescribeTransactionsResponseData();
            states.forEach(state -> response.transactionStates().add(state.join()));
            return response;
        });
    }

    private static TransactionState describe(TransactionMetadata metadata) {
        TransactionState state = new TransactionState()
                .setErrorCode(Errors.NONE.code())
                .setTransactionalId(metadata.transactionalId().value())
                .setTransactionState(metadata.state().kafkaName())
                .setTransactionTimeoutMs(metadata.timeoutMs())
                .setTransactionStartTimeMs(metadata.startTimestamp())
                .setProducerId(metadata.producerId())
                .setProducerEpoch(metadata.producerEpoch());
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition partition : metadata.partitions()) {
            byTopic.computeIfAbsent(partition.topic().value(), name -> new ArrayList<>()).add(partition.partition());
        }
        byTopic.forEach((topic, partitions) -> state.topics().add(new TopicData().setTopic(topic).setPartitions(partitions)));
        return state;
    }
}
