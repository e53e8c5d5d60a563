package io.hexalog.domain.transaction;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The life of a transactional ID at its transaction coordinator (KIP-98). Each state says what the coordinator
 * does with every request, which events leave it, and from which states it may be entered
 * ({@link #validPreviousStates()}).
 * <p>
 * Besides what each state says, every request but InitProducerId is checked for its producer: an unknown
 * transactional ID, or one now held by another producer ID, gets INVALID_PRODUCER_ID_MAPPING; an epoch other
 * than the current one gets PRODUCER_FENCED (a newer instance of the producer took the ID over). InitProducerId
 * checks its {@code transaction.timeout.ms} against {@code transaction.max.timeout.ms}
 * (INVALID_TRANSACTION_TIMEOUT). {@link TransactionMetadata} throws these errors from each operation.
 * <p>
 * In transaction version 2 (KIP-890, {@link TransactionVersion#TV_2}) "AddPartitionsToTxn" also stands for a
 * partition's leader adding its partition for the producer's Produce v12, and "AddOffsetsToTxn" for TxnOffsetCommit
 * v5 adding its group; every EndTxn bumps the epoch, and its retry names the epoch from before the bump.
 */
public enum TransactionState {

    /**
     * No transaction under way: the ID is new, or its producer was just (re)initialised.
     * <ul>
     *   <li>InitProducerId: the next epoch (a new producer ID once the epoch is exhausted) → {@link #EMPTY}</li>
     *   <li>AddPartitionsToTxn, AddOffsetsToTxn: the transaction starts, its start time is now → {@link #ONGOING}</li>
     *   <li>EndTxn: INVALID_TXN_STATE (there is nothing to end); an abort of version 2 bumps the epoch
     *       → {@link #PREPARE_ABORT}, with no marker to write</li>
     *   <li>{@code transactional.id.expiration.ms} without a request → {@link #DEAD}</li>
     * </ul>
     * Entered from: {@link #EMPTY}, {@link #COMPLETE_COMMIT}, {@link #COMPLETE_ABORT} (InitProducerId), or a new ID.
     */
    EMPTY("Empty"),

    /**
     * A transaction is open: the producer adds partitions and groups and writes to them.
     * <ul>
     *   <li>AddPartitionsToTxn, AddOffsetsToTxn: more partitions or groups → {@link #ONGOING}</li>
     *   <li>EndTxn commit → {@link #PREPARE_COMMIT}; EndTxn abort → {@link #PREPARE_ABORT}</li>
     *   <li>InitProducerId (a new instance of the producer) or the transaction's timeout: the epoch is bumped,
     *       which fences the old instance, and the transaction is aborted → {@link #PREPARE_ABORT} (at the
     *       coordinator's transaction version 2, bumped once more for the abort); the new instance is told
     *       CONCURRENT_TRANSACTIONS and asks again</li>
     * </ul>
     * Entered from: {@link #EMPTY}, {@link #ONGOING}, {@link #COMPLETE_COMMIT}, {@link #COMPLETE_ABORT}.
     */
    ONGOING("Ongoing"),

    /**
     * Commit decided; the commit markers are being written to every partition of the transaction, and the
     * offsets committed in it are being made visible in their groups.
     * <ul>
     *   <li>every marker written → {@link #COMPLETE_COMMIT}</li>
     *   <li>EndTxn (a retry of the commit, an abort, in version 2 the end of the producer's next transaction, or
     *       any other epoch of the producer ID: Kafka checks an EndTxn's epoch only once the transition to complete
     *       is done), AddPartitionsToTxn, AddOffsetsToTxn, InitProducerId: CONCURRENT_TRANSACTIONS (the client
     *       retries, and its request is decided once the transaction is {@link #COMPLETE_COMMIT})</li>
     * </ul>
     * Entered from: {@link #ONGOING}.
     */
    PREPARE_COMMIT("PrepareCommit"),

    /**
     * Abort decided (by the producer, by a new instance of it, or by the timeout); the abort markers are being
     * written and the offsets committed in the transaction dropped.
     * <ul>
     *   <li>every marker written → {@link #COMPLETE_ABORT}</li>
     *   <li>EndTxn (as in {@link #PREPARE_COMMIT}), AddPartitionsToTxn, AddOffsetsToTxn, InitProducerId:
     *       CONCURRENT_TRANSACTIONS; but a producer the abort fenced gets PRODUCER_FENCED at once for all but
     *       InitProducerId and EndTxn, whose epochs are checked once the transaction is {@link #COMPLETE_ABORT}</li>
     * </ul>
     * Entered from: {@link #ONGOING}, and {@link #EMPTY}, {@link #COMPLETE_COMMIT}, {@link #COMPLETE_ABORT} (an abort
     * of transaction version 2 without a transaction).
     */
    PREPARE_ABORT("PrepareAbort"),

    /**
     * The last transaction committed, every marker written.
     * <ul>
     *   <li>EndTxn commit again: answered without error (a retry of the one that succeeded); in version 2 only
     *       a retry naming the epoch from before the bump, a new commit gets INVALID_TXN_STATE</li>
     *   <li>EndTxn abort: INVALID_TXN_STATE; in version 2, an abort without a transaction → {@link #PREPARE_ABORT}</li>
     *   <li>AddPartitionsToTxn, AddOffsetsToTxn: a new transaction → {@link #ONGOING}</li>
     *   <li>InitProducerId: the next epoch → {@link #EMPTY}</li>
     *   <li>expiry → {@link #DEAD}</li>
     * </ul>
     * Entered from: {@link #PREPARE_COMMIT}.
     */
    COMPLETE_COMMIT("CompleteCommit"),

    /**
     * The last transaction aborted, every marker written. As {@link #COMPLETE_COMMIT}, with commit and abort
     * exchanged: EndTxn abort again is answered without error, EndTxn commit gets INVALID_TXN_STATE.
     * Entered from: {@link #PREPARE_ABORT}.
     */
    COMPLETE_ABORT("CompleteAbort"),

    /**
     * The transactional ID expired: it is removed and forgotten, and a request for it is answered as for an
     * unknown ID. Entered from: {@link #EMPTY}, {@link #COMPLETE_COMMIT}, {@link #COMPLETE_ABORT}.
     */
    DEAD("Dead"),

    /**
     * Kafka's state between bumping the epoch of an ongoing transaction and deciding its abort. Here the bump
     * and the abort are one replicated change, straight from {@link #ONGOING} to {@link #PREPARE_ABORT}, so no
     * transaction is ever stored in this state; it is named so that filters and tools that know it still
     * parse.
     */
    PREPARE_EPOCH_FENCE("PrepareEpochFence");

    private final String kafkaName;

    TransactionState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The name Kafka's DescribeTransactions and ListTransactions use. */
    public String kafkaName() {
        return kafkaName;
    }

    /** The state Kafka names so, if any. */
    public static Optional<TransactionState> fromKafkaName(String name) {
        return Arrays.stream(values()).filter(state -> state.kafkaName.equals(name)).findFirst();
    }

    /** Whether markers are being written: the transaction's outcome is decided but not yet everywhere. */
    public boolean isPreparing() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** Whether no transaction is open or ending: a new one may start, the producer may be reinitialised. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    /** The states this one may be entered from. */
    public Set<TransactionState> validPreviousStates() {
        switch (this) {
            case EMPTY:
                return EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case ONGOING:
                return EnumSet.of(EMPTY, ONGOING, COMPLETE_COMMIT, COMPLETE_ABORT);
            case PREPARE_COMMIT:
                return EnumSet.of(ONGOING);
            case PREPARE_ABORT:
                return EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case COMPLETE_COMMIT:
                return EnumSet.of(PREPARE_COMMIT);
            case COMPLETE_ABORT:
                return EnumSet.of(PREPARE_ABORT);
            case DEAD:
                return EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            default:
                return EnumSet.noneOf(TransactionState.class);
        }
    }
}
