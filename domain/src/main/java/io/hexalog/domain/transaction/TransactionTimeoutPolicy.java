package io.hexalog.domain.transaction;

import io.hexalog.domain.error.InvalidTransactionTimeoutException;

/**
 * How long a transaction may stay open: a producer's {@code transaction.timeout.ms} must be positive and at most
 * the broker's {@code transaction.max.timeout.ms}, or InitProducerId answers INVALID_TRANSACTION_TIMEOUT.
 */
public record TransactionTimeoutPolicy(int maxTimeoutMs) {

    /** Kafka's default {@code transaction.max.timeout.ms}: 15 minutes. */
    public static final int DEFAULT_MAX_TIMEOUT_MS = 900_000;

    public TransactionTimeoutPolicy {
        if (maxTimeoutMs <= 0) {
            throw new IllegalArgumentException("transaction.max.timeout.ms must be positive: " + maxTimeoutMs);
        }
    }

    /** @throws InvalidTransactionTimeoutException if the timeout is not positive or exceeds the maximum */
    public void check(int timeoutMs) {
        if (timeoutMs <= 0 || timeoutMs > maxTimeoutMs) {
            throw new InvalidTransactionTimeoutException("The transaction timeout " + timeoutMs
                    + " ms must be positive and at most transaction.max.timeout.ms (" + maxTimeoutMs + " ms)");
        }
    }
}
