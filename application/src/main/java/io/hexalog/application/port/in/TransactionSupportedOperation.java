package io.hexalog.application.port.in;

/**
 * What a request's version lets the broker do with a transaction before it appends a transactional batch (Produce)
 * or stores transactional offsets (TxnOffsetCommit), after Kafka's {@code AddPartitionsToTxnManager} (KIP-890).
 */
public enum TransactionSupportedOperation {

    /**
     * The partition must already be in the transaction; a client this old is told INVALID_TXN_STATE when it is not
     * (Produce v3-10, TxnOffsetCommit v0-3).
     */
    DEFAULT_ERROR,

    /**
     * The partition must already be in the transaction; the client understands TRANSACTION_ABORTABLE when it is
     * not (Produce v11, TxnOffsetCommit v4).
     */
    GENERIC_ERROR_SUPPORTED,

    /**
     * The client speaks transaction version 2 and adds nothing itself: the broker adds the partition or the group
     * to the transaction (Produce v12+, TxnOffsetCommit v5+).
     */
    ADD_PARTITION
}
