package io.hexalog.domain.producer;

/**
 * What the broker remembers of one batch an idempotent producer appended: enough to recognise a retry
 * of it and answer with the offsets it was first given.
 */
public record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset) {

    public boolean hasSequences(int first, int last) {
        return firstSequence == first && lastSequence == last;
    }
}
