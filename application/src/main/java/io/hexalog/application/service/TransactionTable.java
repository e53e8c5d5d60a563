package io.hexalog.application.service;

import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The transactions this broker coordinates: a copy of the stored ones, loaded when the broker becomes their
 * coordinator (as Kafka loads {@code __transaction_state} on becoming a partition's leader) and forgotten when it
 * stops being it. Only the coordinator changes it, after each change has been replicated to every broker's store.
 * It remembers the coordinator epoch it was loaded in: a broker that lost the coordinator and won it back in a
 * later epoch loads the transactions again, since its successor may have changed them meanwhile, and the markers
 * it writes carry that epoch. Its methods block (loading reads the store): call them off the event loops.
 */
final class TransactionTable {

    private static final int NOT_LOADED = -1;

    private final Map<TransactionalId, TransactionMetadata> transactions = new ConcurrentHashMap<>();
    private final TransactionStateStore store;
    private final BooleanSupplier coordinating;
    private final IntSupplier currentEpoch;
    private volatile int epoch = NOT_LOADED;

    /**
     * @param coordinating whether this broker coordinates transactions now (it does where it coordinates groups)
     * @param currentEpoch the coordinator epoch now, which grows each time the coordinator moves
     */
    TransactionTable(TransactionStateStore store, BooleanSupplier coordinating, IntSupplier currentEpoch) {
        this.store = store;
        this.coordinating = coordinating;
        this.currentEpoch = currentEpoch;
    }

    /**
     * Checks that this broker coordinates transactions now; loads them from the store if it has just become
     * their coordinator (or became it again, in a later epoch), handing each transaction whose markers were being
     * written to {@code resume}.
     *
     * @throws NotCoordinatorException if it does not, after forgetting what it held
     */
    synchronized void checkCoordinating(Consumer<TransactionMetadata> resume) {
        if (!coordinating.getAsBoolean()) {
            forget();
            throw new NotCoordinatorException("This broker does not coordinate transactions now");
        }
        int now = currentEpoch.getAsInt();
        if (now != epoch) {
            transactions.clear();
            store.transactions().forEach(metadata -> transactions.put(metadata.transactionalId(), metadata));
            epoch = now;
            transactions.values().stream().filter(metadata -> metadata.state().isPreparing()).forEach(resume);
        }
    }

    /** Forgets every transaction: this broker no longer coordinates them; they are loaded again if it does. */
    synchronized void forget() {
        transactions.clear();
        epoch = NOT_LOADED;
    }

    /**
     * The coordinator epoch the transactions were loaded in, which this coordinator's markers and transaction
     * commands carry; -1 while they are not loaded.
     */
    int epoch() {
        return epoch;
    }

    /** Whether this broker coordinates transactions now; asking changes nothing. */
    boolean coordinates() {
        return coordinating.getAsBoolean();
    }

    /**
     * Whether this broker coordinates transactions now, still in {@code epoch} and with the transactions loaded in
     * it; asking changes nothing.
     */
    boolean coordinatesIn(int epoch) {
        return coordinating.getAsBoolean() && currentEpoch.getAsInt() == epoch && this.epoch == epoch;
    }

    Optional<TransactionMetadata> find(TransactionalId transactionalId) {
        return Optional.ofNullable(transactions.get(transactionalId));
    }

    void put(TransactionMetadata metadata) {
        transactions.put(metadata.transactionalId(), metadata);
    }

    void remove(TransactionalId transactionalId) {
        transactions.remove(transactionalId);
    }

    List<TransactionMetadata> snapshot() {
        return List.copyOf(transactions.values());
    }
}
