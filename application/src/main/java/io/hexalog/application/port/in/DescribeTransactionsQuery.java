package io.hexalog.application.port.in;

import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionState;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The transactions this broker coordinates (DescribeTransactions and ListTransactions, KIP-664). */
public interface DescribeTransactionsQuery {

    /**
     * A transactional ID's metadata.
     *
     * @return fails with NOT_COORDINATOR on a broker that does not coordinate transactions now, and with
     *         TRANSACTIONAL_ID_NOT_FOUND for an unknown ID
     */
    CompletableFuture<TransactionMetadata> describe(TransactionalId transactionalId);

    /**
     * The transactional IDs that match every filter given; an empty filter matches all.
     *
     * @param states        the states wanted
     * @param producerIds   the producer IDs wanted
     * @param minDurationMs only transactions open at least this long; negative for any
     * @return an empty list on a broker that does not coordinate transactions now (Kafka's brokers answer for
     *         the partitions they lead, which may be none)
     */
    CompletableFuture<List<TransactionMetadata>> list(Set<TransactionState> states, Set<Long> producerIds,
                                                      long minDurationMs);
}
