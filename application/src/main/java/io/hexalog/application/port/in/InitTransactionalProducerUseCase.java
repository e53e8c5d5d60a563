package io.hexalog.application.port.in;

import io.hexalog.domain.transaction.TransactionalId;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Gives a transactional producer its identity (InitProducerId with a transactional ID, KIP-98 and KIP-360). */
public interface InitTransactionalProducerUseCase {

    /**
     * Grants the producer of a transactional ID the ID's producer ID with the next epoch, which fences every older
     * instance of it. A new ID gets a new producer ID at epoch 0; an exhausted epoch a new producer ID. May be
     * called from an event loop.
     *
     * @param transactionTimeoutMs the producer's {@code transaction.timeout.ms}
     * @param current              the producer's present ID and epoch when it asks for an epoch bump (KIP-360);
     *                             empty for a new instance
     * @return completes with the granted ID and epoch, or fails with NOT_COORDINATOR,
     *         INVALID_TRANSACTION_TIMEOUT, PRODUCER_FENCED, or CONCURRENT_TRANSACTIONS while the last transaction
     *         is being completed (an ongoing one is aborted first, and the producer asks again)
     */
    CompletableFuture<ProducerIdAndEpoch> initProducerId(TransactionalId transactionalId, int transactionTimeoutMs,
                                                         Optional<ProducerIdAndEpoch> current);
}
