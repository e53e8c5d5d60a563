package io.hexalog.domain.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state of one idempotent or transactional producer on one partition: its current epoch, the metadata of
 * its last few batches (newest last), the epoch of the transaction coordinator that last wrote a marker for it,
 * where its ongoing transaction began on this partition, if it has one, and the timestamp of its last batch or
 * marker. Immutable; appends produce a new entry.
 *
 * @param coordinatorEpoch      the coordinator epoch of the last transaction marker, {@link #NO_COORDINATOR_EPOCH}
 *                              before the first
 * @param currentTxnFirstOffset the offset of the first batch of the producer's ongoing transaction on this
 *                              partition, {@link #NO_TRANSACTION} when none is ongoing (Kafka's
 *                              {@code currentTxnFirstOffset})
 * @param lastTimestamp         the max timestamp of the producer's last batch or marker on this partition,
 *                              {@link #NO_TIMESTAMP} for none; stored with the rest, as Kafka keeps it in its
 *                              producer snapshot, so that DescribeProducers reports it after a restart
 */
public record ProducerStateEntry(long producerId, short producerEpoch, List<BatchMetadata> batches,
                                 int coordinatorEpoch, long currentTxnFirstOffset, long lastTimestamp) {

    /** Kafka keeps five: a producer never has more than five batches in flight per partition. */
    public static final int BATCHES_RETAINED = 5;
    public static final int NO_COORDINATOR_EPOCH = -1;
    public static final long NO_TRANSACTION = -1L;
    public static final long NO_TIMESTAMP = -1L;

    public ProducerStateEntry {
        if (batches.size() > BATCHES_RETAINED) {
            batches = batches.subList(batches.size() - BATCHES_RETAINED, batches.size());
        }
        batches = List.copyOf(batches);
        if (currentTxnFirstOffset < NO_TRANSACTION) {
            throw new IllegalArgumentException("Invalid first offset of a transaction: " + currentTxnFirstOffset);
        }
        if (lastTimestamp < NO_TIMESTAMP) {
            throw new IllegalArgumentException("Invalid last timestamp of a producer: " + lastTimestamp);
        }
    }

    /** A producer whose last timestamp is not known. */
    public ProducerStateEntry(long producerId, short producerEpoch, List<BatchMetadata> batches,
                              int coordinatorEpoch, long currentTxnFirstOffset) {
        this(producerId, producerEpoch, batches, coordinatorEpoch, currentTxnFirstOffset, NO_TIMESTAMP);
    }

    /** A producer without a transaction in progress, without a marker written for it and without a known timestamp. */
    public ProducerStateEntry(long producerId, short producerEpoch, List<BatchMetadata> batches) {
        this(producerId, producerEpoch, batches, NO_COORDINATOR_EPOCH, NO_TRANSACTION);
    }

    public static ProducerStateEntry empty(long producerId, short producerEpoch) {
        return new ProducerStateEntry(producerId, producerEpoch, List.of());
    }

    public Optional<BatchMetadata> lastBatch() {
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.get(batches.size() - 1));
    }

    public Optional<BatchMetadata> findBatch(short epoch, int firstSequence, int lastSequence) {
        if (epoch != producerEpoch) {
            return Optional.empty();
        }
        return batches.stream().filter(batch -> batch.hasSequences(firstSequence, lastSequence)).findFirst();
    }

    /** This entry after a batch in {@code epoch}; a new epoch starts with a clean batch history. */
    public ProducerStateEntry withBatch(short epoch, BatchMetadata batch) {
        List<BatchMetadata> next = new ArrayList<>(epoch == producerEpoch ? batches : List.of());
        next.add(batch);
        return new ProducerStateEntry(producerId, epoch, next, coordinatorEpoch, currentTxnFirstOffset, lastTimestamp);
    }

    public boolean hasOngoingTransaction() {
        return currentTxnFirstOffset != NO_TRANSACTION;
    }

    /** Where the ongoing transaction began on this partition; empty when none is ongoing. */
    public OptionalLong ongoingTransactionFirstOffset() {
        return hasOngoingTransaction() ? OptionalLong.of(currentTxnFirstOffset) : OptionalLong.empty();
    }

    /** This entry with a transaction begun at {@code firstOffset}; an ongoing one keeps its first offset. */
    public ProducerStateEntry withTransactionFrom(long firstOffset) {
        if (hasOngoingTransaction()) {
            return this;
        }
        return new ProducerStateEntry(producerId, producerEpoch, batches, coordinatorEpoch, firstOffset, lastTimestamp);
    }

    /**
     * This entry once a transaction marker in {@code epoch} ended its transaction: no transaction is ongoing, the
     * coordinator epoch is the marker's, and a newer epoch (the coordinator bumps it, KIP-890) starts a clean batch
     * history, so the producer's next batch starts at sequence 0.
     */
    public ProducerStateEntry withTransactionEnded(short epoch, int markerCoordinatorEpoch) {
        List<BatchMetadata> kept = epoch == producerEpoch ? batches : List.of();
        return new ProducerStateEntry(producerId, epoch, kept, markerCoordinatorEpoch, NO_TRANSACTION, lastTimestamp);
    }

    /**
     * This entry after a batch or marker whose max timestamp is {@code timestamp}: Kafka's last timestamp is the
     * last one written, not the greatest (a producer's clock may go back), and a negative one (no timestamp) is
     * kept as unknown.
     */
    public ProducerStateEntry withLastTimestamp(long timestamp) {
        return new ProducerStateEntry(producerId, producerEpoch, batches, coordinatorEpoch, currentTxnFirstOffset,
                Math.max(NO_TIMESTAMP, timestamp));
    }
}
