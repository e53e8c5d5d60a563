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

    public static CleanedBatch removed(long baseOffset) {
        return new CleanedBatch(baseOffset, Optional.empty());
    }

    public static CleanedBatch replacedBy(RecordBatch cleaned) {
        return new CleanedBatch(cleaned.baseOffset(), Optional.of(cleaned));
    }
}
