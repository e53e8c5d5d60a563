package io.hexalog.domain.compaction;

import io.hexalog.domain.log.RecordBatch;

import java.util.Objects;
import java.util.Optional;

/**
 * What cleaning made of one stored batch: its cleaned version, with the same base offset, or nothing when no record
 * of it is kept.
 *
 * @param baseOffset  the base offset of the stored batch
 * @param replacement the cleaned batch; empty when the batch goes
 */
public record CleanedBatch(long baseOffset, Optional<RecordBatch> replacement) {

    public CleanedBatch {
        Objects.requireNonNull(replacement, "replacement");
        if (replacement.isPresent() && replacement.get().baseOffset() != baseOffset) {
            throw new IllegalArgumentException("A cleaned batch keeps its base offset " + baseOffset + ", not "
                    + replacement.get().baseOffset());
        }
    }

    /**
     * Whether no transaction marker is left at the base offset: the batch goes, or what is left of it is a control
     * batch without records, a marker the cleaner keeps only for its producer's epoch. An aborted transaction, keyed by
     * its marker's offset, goes then too, as Kafka's cleaner leaves it out of the cleaned transaction index: a
     * read-committed consumer told of it would find no abort marker to end it, and drop the producer's later
     * transactions as well.
     */
    public boolean leavesNoMarker() {
        return replacement.isEmpty() || replacement.get().isControlBatch() && replacement.get().recordCount() == 0;
    }

    public static CleanedBatch removed(long baseOffset) {
        return new CleanedBatch(baseOffset, Optional.empty());
    }

    public static CleanedBatch replacedBy(RecordBatch cleaned) {
        return new CleanedBatch(cleaned.baseOffset(), Optional.of(cleaned));
    }
}
