package io.hexalog.domain.transaction;

import java.util.Objects;

/**
 * What EndTxn did to a transaction.
 *
 * @param next     the transaction's metadata afterwards, to be stored
 * @param producer the producer ID and epoch the producer goes on with: its own in transaction version 1, the
 *                 bumped ones in version 2 (KIP-890)
 * @param decided  true when this request decided the outcome, so that markers must now be written; false for a
 *                 retry of an EndTxn that had already done so, which changes nothing
 */
public record EndTxnResult(TransactionMetadata next, ProducerIdentity producer, boolean decided) {

    public EndTxnResult {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(producer, "producer");
    }
}
