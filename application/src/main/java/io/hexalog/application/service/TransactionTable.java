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

/**
 * The transactions this broker coordinates: a copy of the stored ones, loaded when the broker becomes their
 * coordinator (as Kafka loads {@code __transaction_state} on becoming a partition's leader) and forgotten when it
 * stops being it. Only the coordinator changes it, after each change has been replicated to every broker's store.
 * Its methods block (loading reads the store): call them off the event loops.
 */
final class TransactionTable {

    private final Map<TransactionalId, TransactionMetadata> transactions = new ConcurrentHashMap<>();
    private final TransactionStateStore store;
    private final BooleanSupplier coordinating;
    private boolean loaded;

    /** @param coordinating whether this broker coordinates transactions now (it does where it coordinates groups) */
    TransactionTable(TransactionStateStore store, BooleanSupplier coordinating) {
        this.store = store;
        this.coordinating = coordinating;
    }

    /**
     * Checks that this broker coordinates transactions now; loads them from the store if it has just become
     * their coordinator, handing each transaction whose markers were being written to {@code resume}.
     *
     * @throws NotCoordinatorException if it does not, after forgetting what it held
     */
    synchronized void checkCoordinating(Consumer<TransactionMetadata> resume) {
        if (!coordinating.getAsBoolean()) {
            forget();
            throw new NotCoordinatorException("This broker does not coordinate transactions now");
        }
        if (!loaded) {
            store.transactions().forEach(metadata -> transactions.put(metadata.transactionalId(), metadata));
            loaded = true;
            transactions.values().stream().filter(metadata -> metadata.state().isPreparing()).forEach(resume);
        }
    }

    /** Forgets every transaction: this broker no longer coordinates them; they are loaded again if it does. */
    synchronized void forget() {
        transactions.clear();
        loaded = false;
    }

    /** Whether this broker coordinates transactions now; asking changes nothing. */
    boolean coordinates() {
        return coordinating.getAsBoolean();
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
