package io.hexalog.domain.transaction;

import java.util.Objects;
import java.util.Optional;

/**
 * What InitProducerId did to a transactional ID.
 *
 * @param next    the transaction's metadata afterwards, to be stored
 * @param granted the producer ID and epoch the producer gets; empty when an ongoing transaction had to be
 *                aborted first (the producer is told CONCURRENT_TRANSACTIONS and asks again once the abort
 *                markers are written)
 */
public record InitProducerIdResult(TransactionMetadata next, Optional<ProducerIdentity> granted) {

    public InitProducerIdResult {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(granted, "granted");
    }

    /** Whether the transaction's markers must be written before the producer can be answered. */
    public boolean abortsOngoingTransaction() {
        return granted.isEmpty();
    }
}
