package io.hexalog.application.port.out;

import io.hexalog.domain.group.CommittedOffset;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionMetadata;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Collection;
import java.util.Map;

/**
 * Where the transaction coordinator's state lives (Kafka keeps it in {@code __transaction_state}, and pending
 * transactional offsets in {@code __consumer_offsets}): the metadata of every transactional ID, and the offsets
 * committed inside transactions that have not ended yet, by group and producer ID.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Thread-safe. Every method blocks the calling thread: a change until it is durable to the adapter's
 *       promise (for a persistent store: in its write-ahead log), a read until it has read the store. Never call
 *       one from an event loop. Every read after a change returned sees it.</li>
 *   <li>Metadata comes back exactly as put, every field included; {@link #put} replaces the ID's earlier
 *       metadata, {@link #remove} forgets it (removing an unknown ID does nothing).</li>
 *   <li>{@link #putPendingOffsets} is atomic and replaces the producer's pending offsets of the partitions it
 *       names in that group, leaving its others alone; pending offsets of different groups, and of different
 *       producers in one group, never mix.</li>
 *   <li>Failures are reported as {@link io.hexalog.domain.error.KafkaStorageException}.</li>
 * </ul>
 */
public interface TransactionStateStore {

    /** Stores a transactional ID's metadata, replacing what was stored for it. */
    void put(TransactionMetadata metadata);

    /** Forgets a transactional ID. */
    void remove(TransactionalId transactionalId);

    /** The metadata of every stored transactional ID, in no particular order. */
    Collection<TransactionMetadata> transactions();

    /** Stores offsets a producer committed for a group inside its ongoing transaction. */
    void putPendingOffsets(GroupId group, long producerId, Map<TopicPartition, CommittedOffset> offsets);

    /** The group's pending offsets, by producer ID; an empty map if there are none. */
    Map<Long, Map<TopicPartition, CommittedOffset>> pendingOffsets(GroupId group);

    /** Forgets the producer's pending offsets of the group (its transaction ended). */
    void removePendingOffsets(GroupId group, long producerId);
}
