package io.hexalog.application.service;

import io.hexalog.domain.transaction.TransactionTimeoutPolicy;
import io.hexalog.domain.transaction.TransactionVersion;

import java.time.Duration;
import java.util.Objects;

/**
 * The broker's transaction coordinator settings.
 *
 * @param maxTimeoutMs             {@code transaction.max.timeout.ms}: the longest {@code transaction.timeout.ms} a
 *                                 producer may ask for
 * @param transactionalIdExpiration {@code transactional.id.expiration.ms}: how long a transactional ID without a
 *                                 transaction is kept after its last request
 * @param abortTimedOutInterval    {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}: how often
 *                                 transactions open past their timeout are looked for (and expired IDs removed)
 * @param transactionVersion       the {@code transaction.version} the broker serves and reports finalized
 *                                 (KIP-890): {@link TransactionVersion#TV_2} where every partition's leader reaches
 *                                 the coordinator in process (a single broker), {@link TransactionVersion#TV_0}
 *                                 where it may not (a cluster), so that clients keep to version 1 there
 */
public record TransactionCoordinatorConfig(int maxTimeoutMs, Duration transactionalIdExpiration,
                                           Duration abortTimedOutInterval, TransactionVersion transactionVersion) {

    /** Kafka's {@code transactional.id.expiration.ms} default: seven days. */
    public static final Duration DEFAULT_TRANSACTIONAL_ID_EXPIRATION = Duration.ofDays(7);
    /** Kafka's {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} default: ten seconds. */
    public static final Duration DEFAULT_ABORT_TIMED_OUT_INTERVAL = Duration.ofSeconds(10);

    public TransactionCoordinatorConfig {
        new TransactionTimeoutPolicy(maxTimeoutMs);
        Objects.requireNonNull(transactionalIdExpiration, "transactionalIdExpiration");
        Objects.requireNonNull(abortTimedOutInterval, "abortTimedOutInterval");
        Objects.requireNonNull(transactionVersion, "transactionVersion");
        if (transactionalIdExpiration.isNegative() || transactionalIdExpiration.isZero()) {
            throw new IllegalArgumentException("transactional.id.expiration.ms must be positive: "
                    + transactionalIdExpiration.toMillis());
        }
        if (abortTimedOutInterval.isNegative() || abortTimedOutInterval.isZero()) {
            throw new IllegalArgumentException("transaction.abort.timed.out.transaction.cleanup.interval.ms must be "
                    + "positive: " + abortTimedOutInterval.toMillis());
        }
    }

    /** Settings of a broker serving transaction version 2. */
    public TransactionCoordinatorConfig(int maxTimeoutMs, Duration transactionalIdExpiration,
                                        Duration abortTimedOutInterval) {
        this(maxTimeoutMs, transactionalIdExpiration, abortTimedOutInterval, TransactionVersion.TV_2);
    }

    /** These settings, serving {@code version} of the transaction protocol. */
    public TransactionCoordinatorConfig withTransactionVersion(TransactionVersion version) {
        return new TransactionCoordinatorConfig(maxTimeoutMs, transactionalIdExpiration, abortTimedOutInterval, version);
    }

    public static TransactionCoordinatorConfig kafkaDefaults() {
        return new TransactionCoordinatorConfig(TransactionTimeoutPolicy.DEFAULT_MAX_TIMEOUT_MS,
                DEFAULT_TRANSACTIONAL_ID_EXPIRATION, DEFAULT_ABORT_TIMED_OUT_INTERVAL);
    }

    TransactionTimeoutPolicy timeoutPolicy() {
        return new TransactionTimeoutPolicy(maxTimeoutMs);
    }
}
