package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeTransactionsQuery;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ListTransactions (KIP-664): the transactional IDs this broker coordinates, filtered by state, producer ID,
 * duration (version 1+, KIP-994) and a regular expression on the ID (version 2+, Java's syntax). State names
 * Kafka does not know are answered back in {@code UnknownStateFilters}, as Kafka does; an invalid expression gets
 * INVALID_REGULAR_EXPRESSION.
 */
final class ListTransactionsHandler extends AbstractApiHandler<ListTransactionsRequestData, ListTransactionsResponseData> {

    private final DescribeTransactionsQuery transactions;

    ListTransactionsHandler(DescribeTransactionsQuery transactions) {
        super(ApiKeys.LIST_TRANSACTIONS, 0, 2);
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<ListTransactionsResponseData> handle(RequestContext context, ListTransactionsRequestData request) {
        ListTransactionsResponseData response = new ListTransactionsResponseData();
        Set<TransactionState> states = EnumSet.noneOf(TransactionState.class);
        for (String name : request.stateFilters()) {
            Optional<TransactionState> state = TransactionState.fromKafkaName(name);
            if (state.isPresent()) {
                states.add(state.get());
            } else {
                response.unknownStateFilters().add(name);
            }
        }
        if (!request.stateFilters().isEmpty() && states.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        Optional<Pattern> pattern;
        try {
            pattern = request.transactionalIdPattern() == null || request.transactionalIdPattern().isEmpty()
                    ? Optional.empty() : Optional.of(Pattern.compile(request.transactionalIdPattern()));
        } catch (PatternSyntaxException e) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REGULAR_EXPRESSION.code()));
        }
        Set<Long> producerIds = new HashSet<>(request.producerIdFilters());
        return Futures.attempt(() -> transactions.list(states, producerIds, request.durationFilter()))
                .handle((listed, failure) -> {
                    if (failure != null) {
                        return response.setErrorCode(ErrorMapping.toError(failure).code());
                    }
                    add(response, listed, pattern);
                    return response;
                });
    }

    private static void add(ListTransactionsResponseData response, List<TransactionMetadata> listed,
                            Optional<Pattern> pattern) {
        for (TransactionMetadata metadata : listed) {
            String id = metadata.transactionalId().value();
            if (pattern.isEmpty() || pattern.get().matcher(id).matches()) {
                response.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                        .setTransactionalId(id)
                        .setProducerId(metadata.producerId())
                        .setTransactionState(metadata.state().kafkaName()));
            }
        }
    }
}
