package io.hexalog.domain.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of one idempotent producer on one partition: its current epoch and the metadata of its last
 * few batches, newest last. Immutable; appends produce a new entry.
 */
public record ProducerStateEntry(long producerId, short producerEpoch, List<BatchMetadata> batches) {

    /** Kafka keeps five: a producer never has more than five batches in flight per partition. */
    public static final int BATCHES_RETAINED = 5;

    public ProducerStateEntry {
        if (batches.size() > BATCHES_RETAINED) {
            batches = batches.subList(batches.size() - BATCHES_RETAINED, batches.size());
        }
        batches = List.copyOf(batches);
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
        return new ProducerStateEntry(producerId, epoch, next);
    }
}
