package io.hexalog.application.fake;

import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Transactions and pending transactional offsets in maps, for service tests. */
public final class InMemoryTransactionStateStoreFake implements TransactionStateStore {

    private final Map<TransactionalId, TransactionMetadata> transactions = new HashMap<>();
    private final Map<GroupId, Map<Long, Map<TopicPartition, CommittedOffset>>> pending = new HashMap<>();
    private boolean failNextRemoval;

    /**
     * Makes the next {@link #removePendingOffsets} fail with a {@link KafkaStorageException} and change nothing, as a
     * broker that stops between the two writes of a transaction's offset completion leaves it.
     */
    public synchronized void failNextRemovalOfPendingOffsets() {
        failNextRemoval = true;
    }

    @Override
    public synchronized void put(TransactionMetadata metadata) {
        transactions.put(metadata.transactionalId(), metadata);
    }

    @Override
    public synchronized void remove(TransactionalId transactionalId) {
        transactions.remove(transactionalId);
    }

    @Override
    public synchronized Collection<TransactionMetadata> transactions() {
        return List.copyOf(transactions.values());
    }

    @Override
    public synchronized void putPendingOffsets(GroupId group, long producerId, Map<TopicPartition, CommittedOffset> offsets) {
        pending.computeIfAbsent(group, id -> new HashMap<>()).computeIfAbsent(producerId, id -> new HashMap<>())
                .putAll(offsets);
    }

    @Override
    public synchronized Map<Long, Map<TopicPartition, CommittedOffset>> pendingOffsets(GroupId group) {
        Map<Long, Map<TopicPartition, CommittedOffset>> copy = new HashMap<>();
        pending.getOrDefault(group, Map.of()).forEach((producerId, offsets) -> copy.put(producerId, Map.copyOf(offsets)));
        return Map.copyOf(copy);
    }

    @Override
    public synchronized void removePendingOffsets(GroupId group, long producerId) {
        if (failNextRemoval) {
            failNextRemoval = false;
            throw new KafkaStorageException("Removing pending offsets of group " + group + " failed (on purpose)");
        }
        Map<Long, Map<TopicPartition, CommittedOffset>> ofGroup = pending.get(group);
        if (ofGroup != null) {
            ofGroup.remove(producerId);
            if (ofGroup.isEmpty()) {
                pending.remove(group);
            }
        }
    }
}
