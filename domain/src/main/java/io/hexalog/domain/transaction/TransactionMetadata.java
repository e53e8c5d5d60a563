package io.hexalog.domain.transaction;

import io.hexalog.domain.error.ConcurrentTransactionsException;
import io.hexalog.domain.error.InvalidProducerIdMappingException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.ProducerFencedException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What the transaction coordinator knows of one transactional ID: its producer, the transaction under way and
 * where it stands. Immutable: each request is an operation that returns the metadata to store next (or throws
 * the error the client gets), deterministic given the time and the producer ID source passed in, so that every
 * broker applying the stored result holds the same thing. {@link TransactionState} says what each state does
 * with each request.
 *
 * @param transactionalId     the producer's {@code transactional.id}
 * @param producerId          the producer ID the transactional ID holds now
 * @param lastProducerId      the producer ID it held before the last change of producer ID, or -1
 * @param nextProducerId      the producer ID it moves to when the ending transaction completes (transaction
 *                            version 2, epoch exhausted), or -1
 * @param producerEpoch       the current epoch; -1 before the first InitProducerId
 * @param lastProducerEpoch   the epoch before the last bump, or -1: lets a producer that missed the answer
 *                            to its bump ask again without being fenced
 * @param timeoutMs           the producer's {@code transaction.timeout.ms}
 * @param state               where the transaction stands
 * @param partitions          the partitions written in the transaction (markers go to each)
 * @param groups              the groups whose offsets were committed in the transaction
 * @param startTimestamp      when the transaction started (its first AddPartitionsToTxn/AddOffsetsToTxn), or -1
 * @param lastUpdateTimestamp when the metadata last changed: the deciding broker's clock, stored with it
 * @param clientTransactionVersion the transaction version the client spoke when it last added to or ended the
 *                            transaction (KIP-890): with {@link TransactionVersion#TV_2}, a retried EndTxn is
 *                            recognised by the epoch it had before its bump
 */
public record TransactionMetadata(TransactionalId transactionalId, long producerId, long lastProducerId,
                                  long nextProducerId, short producerEpoch, short lastProducerEpoch, int timeoutMs,
                                  TransactionState state, Set<TopicPartition> partitions, Set<GroupId> groups,
                                  long startTimestamp, long lastUpdateTimestamp,
                                  TransactionVersion clientTransactionVersion) {

    /** No producer ID, as on the wire. */
    public static final long NO_PRODUCER_ID = -1;
    /** No epoch, as on the wire. */
    public static final short NO_EPOCH = -1;

    public TransactionMetadata {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(clientTransactionVersion, "clientTransactionVersion");
        if (producerId < 0) {
            throw new IllegalArgumentException("producer id must not be negative: " + producerId);
        }
        if (producerEpoch < NO_EPOCH || lastProducerEpoch < NO_EPOCH) {
            throw new IllegalArgumentException("not an epoch: " + producerEpoch + ", " + lastProducerEpoch);
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("transaction timeout must be positive: " + timeoutMs);
        }
        partitions = Collections.unmodifiableSet(new LinkedHashSet<>(partitions));
        groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
    }

    /** Metadata of a transaction whose client spoke the original protocol ({@link TransactionVersion#TV_0}). */
    public TransactionMetadata(TransactionalId transactionalId, long producerId, long lastProducerId,
                               long nextProducerId, short producerEpoch, short lastProducerEpoch, int timeoutMs,
                               TransactionState state, Set<TopicPartition> partitions, Set<GroupId> groups,
                               long startTimestamp, long lastUpdateTimestamp) {
        this(transactionalId, producerId, lastProducerId, nextProducerId, producerEpoch, lastProducerEpoch, timeoutMs,
                state, partitions, groups, startTimestamp, lastUpdateTimestamp, TransactionVersion.TV_0);
    }

    /** A transactional ID seen for the first time, given a fresh producer ID and no epoch yet. */
    public static TransactionMetadata create(TransactionalId transactionalId, long producerId, int timeoutMs, long now) {
        return new TransactionMetadata(transactionalId, producerId, NO_PRODUCER_ID, NO_PRODUCER_ID, NO_EPOCH, NO_EPOCH,
                timeoutMs, TransactionState.EMPTY, Set.of(), Set.of(), -1, now);
    }

    /** Whether an epoch leaves no room for another bump: the producer then gets a new producer ID. */
    public static boolean isEpochExhausted(short epoch) {
        return epoch >= Short.MAX_VALUE - 1;
    }

    /** The producer ID and epoch the transaction's markers carry. */
    public ProducerIdentity producer() {
        return new ProducerIdentity(producerId, producerEpoch);
    }

    /**
     * InitProducerId as a coordinator of the original protocol ({@link TransactionVersion#TV_0}) serves it: see the
     * overload naming the coordinator's transaction version.
     */
    public InitProducerIdResult initProducerId(Optional<ProducerIdentity> expected, int newTimeoutMs, long now,
                                               LongSupplier newProducerId) {
        return initProducerId(expected, newTimeoutMs, now, newProducerId, TransactionVersion.TV_0);
    }

    /**
     * InitProducerId from a new instance of the producer ({@code expected} empty) or from one that asks for the
     * next epoch of its own ID (KIP-360). An ongoing transaction is aborted with a bumped epoch first (see
     * {@link #abortTimedOut(long, TransactionVersion)} for the epochs), and the producer is answered only once that
     * is done. While markers are being written every InitProducerId is told to try again, whatever epoch it names,
     * as Kafka checks the epoch only once the transaction is complete: a producer the abort fenced is then refused.
     *
     * @param newProducerId      called only when the epoch is exhausted and the ID must change
     * @param coordinatorVersion the {@code transaction.version} the coordinator serves, which decides how an ongoing
     *                           transaction is aborted
     * @throws ConcurrentTransactionsException while markers of the last transaction are being written
     * @throws ProducerFencedException         if {@code expected} is neither the current producer nor the previous
     *                                         one retrying
     */
    public InitProducerIdResult initProducerId(Optional<ProducerIdentity> expected, int newTimeoutMs, long now,
                                               LongSupplier newProducerId, TransactionVersion coordinatorVersion) {
        if (state.isPreparing()) {
            throw concurrent();
        }
        if (expected.isPresent() && !mayReinitialise(expected.get())) {
            throw new ProducerFencedException("Producer " + expected.get() + " of transactional ID " + transactionalId
                    + " was replaced by " + producer());
        }
        if (state == TransactionState.ONGOING) {
            return new InitProducerIdResult(fenceAndAbort(now, coordinatorVersion), Optional.empty());
        }
        requireIdle("InitProducerId");
        if (isEpochExhausted(producerEpoch) && expected.map(e -> e.epoch() == producerEpoch).orElse(true)) {
            short recordedEpoch = expected.isPresent() ? producerEpoch : NO_EPOCH;
            TransactionMetadata rotated = new TransactionMetadata(transactionalId, newProducerId.getAsLong(), producerId,
                    NO_PRODUCER_ID, (short) 0, recordedEpoch, newTimeoutMs, TransactionState.EMPTY, Set.of(), Set.of(),
                    -1, now, clientTransactionVersion);
            return granted(rotated);
        }
        if (expected.isEmpty() || producerEpoch == NO_EPOCH || expected.get().epoch() == producerEpoch) {
            short lastEpoch = expected.isPresent() ? producerEpoch : NO_EPOCH;
            return granted(with(producerId, lastProducerId, (short) (producerEpoch + 1), lastEpoch, newTimeoutMs,
                    TransactionState.EMPTY, Set.of(), Set.of(), -1, now));
        }
        if (expected.get().epoch() == lastProducerEpoch) {
            return new InitProducerIdResult(this, Optional.of(producer()));
        }
        throw new ProducerFencedException("Producer " + expected.get() + " of transactional ID " + transactionalId
                + " is older than " + producer());
    }

    /**
     * A producer that names an ID and epoch may bump them if the metadata is brand new, names its current ID
     * (the epoch is checked next), or names the ID it held before an exhausted epoch made it change.
     */
    private boolean mayReinitialise(ProducerIdentity expected) {
        return producerEpoch == NO_EPOCH || expected.producerId() == producerId
                || (expected.producerId() == lastProducerId && isEpochExhausted(expected.epoch()));
    }

    private static InitProducerIdResult granted(TransactionMetadata next) {
        return new InitProducerIdResult(next, Optional.of(next.producer()));
    }

    /** AddPartitionsToTxn from a client of the original protocol: see the overload naming the client's version. */
    public TransactionMetadata addPartitions(ProducerIdentity producer, Set<TopicPartition> added, long now) {
        return addPartitions(producer, added, now, TransactionVersion.TV_0);
    }

    /**
     * AddPartitionsToTxn: the partitions join the transaction, which starts now if none was open, and the
     * client's transaction version is recorded. Adding partitions that are all in it already changes nothing.
     * With transaction version 2 the partition's leader adds it for the producer, before its first batch.
     */
    public TransactionMetadata addPartitions(ProducerIdentity producer, Set<TopicPartition> added, long now,
                                             TransactionVersion clientVersion) {
        checkProducer(producer);
        checkMayAdd();
        if (state == TransactionState.ONGOING && partitions.containsAll(added)) {
            return this;
        }
        Set<TopicPartition> all = new LinkedHashSet<>(partitions);
        all.addAll(added);
        return ongoing(all, groups, now, clientVersion);
    }

    /** AddOffsetsToTxn from a client of the original protocol: see the overload naming the client's version. */
    public TransactionMetadata addGroup(ProducerIdentity producer, GroupId group, long now) {
        return addGroup(producer, group, now, TransactionVersion.TV_0);
    }

    /**
     * AddOffsetsToTxn: the group's offsets committed in the transaction become part of it. With transaction
     * version 2, TxnOffsetCommit v5 adds the group itself.
     */
    public TransactionMetadata addGroup(ProducerIdentity producer, GroupId group, long now,
                                        TransactionVersion clientVersion) {
        checkProducer(producer);
        checkMayAdd();
        if (state == TransactionState.ONGOING && groups.contains(group)) {
            return this;
        }
        Set<GroupId> all = new LinkedHashSet<>(groups);
        all.add(group);
        return ongoing(partitions, all, now, clientVersion);
    }

    /**
     * The brokers' verification (KIP-890 part 1, AddPartitionsToTxn with VerifyOnly): which of {@code asked} are
     * not in the producer's transaction. Changes nothing.
     *
     * @return the partitions the transaction does not hold; empty when it holds them all
     * @throws InvalidProducerIdMappingException if the transactional ID is held by another producer ID
     * @throws ProducerFencedException          if the producer's epoch is not the current one
     * @throws ConcurrentTransactionsException  while the markers of the last transaction are being written
     */
    public Set<TopicPartition> partitionsNotInTransaction(ProducerIdentity producer, Set<TopicPartition> asked) {
        checkProducer(producer);
        if (state.isPreparing()) {
            throw concurrent();
        }
        Set<TopicPartition> missing = new LinkedHashSet<>(asked);
        missing.removeAll(partitions);
        return Collections.unmodifiableSet(missing);
    }

    /**
     * Whether a producer may commit offsets in this transaction (TxnOffsetCommit): it is the current producer
     * and has added the group with AddOffsetsToTxn.
     */
    public void checkMayCommitOffsets(ProducerIdentity producer, GroupId group) {
        checkProducer(producer);
        if (state != TransactionState.ONGOING || !groups.contains(group)) {
            throw new InvalidTxnStateException("Transactional ID " + transactionalId + " has not added group " + group
                    + " to an ongoing transaction (state " + state.kafkaName() + ")");
        }
    }

    private TransactionMetadata ongoing(Set<TopicPartition> newPartitions, Set<GroupId> newGroups, long now,
                                        TransactionVersion clientVersion) {
        long start = state == TransactionState.ONGOING ? startTimestamp : now;
        return new TransactionMetadata(transactionalId, producerId, lastProducerId, nextProducerId, producerEpoch,
                lastProducerEpoch, timeoutMs, TransactionState.ONGOING, newPartitions, newGroups, start, now,
                clientVersion);
    }

    private void checkMayAdd() {
        if (state.isPreparing()) {
            throw concurrent();
        }
        if (state != TransactionState.ONGOING && !state.isIdle()) {
            throw invalidState("add to the transaction");
        }
    }

    /**
     * EndTxn: commits or aborts the ongoing transaction. A retry of an EndTxn that already decided the same way
     * is answered again without change. While the markers of the last decision are being written, any EndTxn of
     * the producer ID is told to try again (CONCURRENT_TRANSACTIONS), whatever epoch it names and whichever end it
     * asks, as Kafka answers while its transition to complete is pending. In transaction version 2 (KIP-890, EndTxn v5)
     * every EndTxn bumps the epoch (a new producer ID once the epoch is exhausted) and answers the new one, and an
     * abort without an open transaction is allowed. Whether a request is a retry of a version-2 EndTxn, which names
     * the epoch from before its bump, follows the version recorded in the transaction, as in Kafka.
     *
     * @param clientVersion the transaction version of the request, which is recorded
     * @param newProducerId called only in version 2, when the bumped epoch is exhausted
     */
    public EndTxnResult endTransaction(ProducerIdentity producer, boolean commit, TransactionVersion clientVersion,
                                       long now, LongSupplier newProducerId) {
        if (state.isPreparing()) {
            // Kafka's order (KAFKA-18464): the producer ID, then CONCURRENT_TRANSACTIONS while the transition to
            // complete is pending, and only then the epoch. Whatever the EndTxn asks and whatever epoch it names, it
            // is decided once the markers are written: a producer of version 2 may end its next transaction as soon
            // as its last EndTxn is answered, and a producer an abort fenced learns it once the abort is complete
            checkProducerId(producer);
            throw concurrent();
        }
        boolean bumps = clientVersion.supportsEpochBump();
        boolean retryOfBump = clientTransactionVersion.supportsEpochBump() && state != TransactionState.ONGOING
                && isRetryOfBump(producer);
        if (!retryOfBump) {
            checkProducer(producer);
        }
        TransactionState preparing = commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT;
        TransactionState complete = commit ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        if (state == complete && (retryOfBump || !bumps)) {
            return new EndTxnResult(this, producer(), false);
        }
        if (retryOfBump) {
            throw invalidState(commit ? "commit" : "abort");
        }
        boolean mayPrepare = state == TransactionState.ONGOING || (bumps && !commit && state.isIdle());
        if (!mayPrepare) {
            throw invalidState(commit ? "commit" : "abort");
        }
        if (!bumps) {
            return decided(new TransactionMetadata(transactionalId, producerId, lastProducerId, nextProducerId,
                    producerEpoch, lastProducerEpoch, timeoutMs, preparing, partitions, groups, startTimestamp, now,
                    clientVersion));
        }
        short bumped = (short) (producerEpoch + 1);
        long next = isEpochExhausted(bumped) ? newProducerId.getAsLong() : NO_PRODUCER_ID;
        TransactionMetadata prepared = new TransactionMetadata(transactionalId, producerId, lastProducerId, next, bumped,
                producerEpoch, timeoutMs, preparing, partitions, groups, startTimestamp, now, clientVersion);
        ProducerIdentity answer = next == NO_PRODUCER_ID ? prepared.producer() : new ProducerIdentity(next, (short) 0);
        return new EndTxnResult(prepared, answer, true);
    }

    /** In version 2, a producer that sends its EndTxn again does so with the epoch it had before the bump. */
    private boolean isRetryOfBump(ProducerIdentity producer) {
        return producer.producerId() == producerId && producer.epoch() == lastProducerEpoch
                && producerEpoch == lastProducerEpoch + 1;
    }

    private static EndTxnResult decided(TransactionMetadata prepared) {
        return new EndTxnResult(prepared, prepared.producer(), true);
    }

    /** Whether an ongoing transaction has been open longer than its timeout at {@code now}. */
    public boolean hasTimedOut(long now) {
        return state == TransactionState.ONGOING && now - startTimestamp > timeoutMs;
    }

    /**
     * The timeout's abort as a coordinator of the original protocol ({@link TransactionVersion#TV_0}) decides it:
     * see the overload naming the coordinator's transaction version.
     */
    public TransactionMetadata abortTimedOut(long now) {
        return abortTimedOut(now, TransactionVersion.TV_0);
    }

    /**
     * The transaction's timeout passed: the coordinator bumps the epoch, which fences the producer (its next
     * request gets PRODUCER_FENCED), and aborts the transaction. The coordinator's own aborts follow the
     * {@code transaction.version} it serves, not the one the producer spoke, as Kafka's do:
     * <ul>
     *   <li>below version 2, one bump (Kafka's PrepareEpochFence), and the abort is recorded as version 0;</li>
     *   <li>at version 2, the fence's bump and then the abort's own, as every abort of version 2 bumps the epoch, and
     *       the abort is recorded as version 2.</li>
     * </ul>
     * Either way the epoch before the abort is not kept as the last epoch, so that the fenced producer can pass
     * neither for one retrying an InitProducerId (KIP-360) nor, in version 2, for one retrying its EndTxn: at version
     * 2 the last epoch is the fence's, which no producer was ever given.
     *
     * @param coordinatorVersion the {@code transaction.version} the coordinator serves
     * @throws InvalidTxnStateException if the transaction has not timed out
     */
    public TransactionMetadata abortTimedOut(long now, TransactionVersion coordinatorVersion) {
        if (!hasTimedOut(now)) {
            throw invalidState("abort for its timeout");
        }
        return fenceAndAbort(now, coordinatorVersion);
    }

    /** Kafka's PrepareEpochFence and the abort after it, in one step: see {@link #abortTimedOut(long, TransactionVersion)}. */
    private TransactionMetadata fenceAndAbort(long now, TransactionVersion coordinatorVersion) {
        short fenced = bumpedOnce(producerEpoch);
        if (!coordinatorVersion.supportsEpochBump()) {
            return new TransactionMetadata(transactionalId, producerId, lastProducerId, nextProducerId, fenced,
                    NO_EPOCH, timeoutMs, TransactionState.PREPARE_ABORT, partitions, groups, startTimestamp, now,
                    TransactionVersion.TV_0);
        }
        return new TransactionMetadata(transactionalId, producerId, lastProducerId, nextProducerId, bumpedOnce(fenced),
                fenced, timeoutMs, TransactionState.PREPARE_ABORT, partitions, groups, startTimestamp, now,
                coordinatorVersion);
    }

    /** The next epoch; the last one stays where it is (a new instance's InitProducerId then changes the ID). */
    private static short bumpedOnce(short epoch) {
        return epoch < Short.MAX_VALUE ? (short) (epoch + 1) : epoch;
    }

    /**
     * Every marker of the ending transaction is written: it is complete, and holds no partition or group any
     * more. A producer ID change decided by the EndTxn takes effect now.
     */
    public TransactionMetadata complete(long now) {
        if (!state.isPreparing()) {
            throw invalidState("complete");
        }
        TransactionState done = state == TransactionState.PREPARE_COMMIT
                ? TransactionState.COMPLETE_COMMIT : TransactionState.COMPLETE_ABORT;
        if (nextProducerId != NO_PRODUCER_ID) {
            return new TransactionMetadata(transactionalId, nextProducerId, producerId, NO_PRODUCER_ID, (short) 0,
                    producerEpoch, timeoutMs, done, Set.of(), Set.of(), startTimestamp, now, clientTransactionVersion);
        }
        return with(producerId, lastProducerId, producerEpoch, lastProducerEpoch, timeoutMs, done, Set.of(), Set.of(),
                startTimestamp, now);
    }

    /**
     * Whether the transactional ID has gone unused for {@code transactional.id.expiration.ms} with no transaction
     * open or ending: it may then be removed.
     */
    public boolean hasExpired(long now, long expirationMs) {
        return state.isIdle() && now - lastUpdateTimestamp >= expirationMs;
    }

    private void checkProducer(ProducerIdentity producer) {
        checkProducerId(producer);
        if (producer.epoch() != producerEpoch) {
            throw new ProducerFencedException("Producer " + producer + " of transactional ID " + transactionalId
                    + " was fenced by epoch " + producerEpoch);
        }
    }

    private void checkProducerId(ProducerIdentity producer) {
        if (producer.producerId() != producerId) {
            throw new InvalidProducerIdMappingException("Transactional ID " + transactionalId + " is held by producer ID "
                    + producerId + ", not " + producer.producerId());
        }
    }

    private void requireIdle(String request) {
        if (!state.isIdle()) {
            throw invalidState(request);
        }
    }

    private ConcurrentTransactionsException concurrent() {
        return new ConcurrentTransactionsException("The last transaction of transactional ID " + transactionalId
                + " is still being completed (" + state.kafkaName() + ")");
    }

    private InvalidTxnStateException invalidState(String what) {
        return new InvalidTxnStateException("Transactional ID " + transactionalId + " cannot " + what + " in state "
                + state.kafkaName());
    }

    private TransactionMetadata with(long newProducerId, long newLastProducerId, short epoch, short lastEpoch,
                                     int newTimeoutMs, TransactionState newState, Set<TopicPartition> newPartitions,
                                     Set<GroupId> newGroups, long start, long now) {
        return new TransactionMetadata(transactionalId, newProducerId, newLastProducerId, nextProducerId, epoch,
                lastEpoch, newTimeoutMs, newState, newPartitions, newGroups, start, now, clientTransactionVersion);
    }
}
