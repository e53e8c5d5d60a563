package io.hexalog.domain.producer;

import io.hexalog.domain.log.RecordBatch;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the log must go on holding of a producer with state on a partition, so that the state survives log compaction
 * (Kafka's {@code LastRecord}): the last offset of its last data batch in its current epoch, whose header carries its
 * last sequence; or, when it wrote no data in that epoch, only the epoch, which its last transaction marker carries.
 * The second case is a producer whose transaction ended with a marker that bumped its epoch (KIP-890, or a
 * coordinator aborting a timed-out transaction): the marker is then the only record of the epoch that fences older
 * producers, so the cleaner keeps it, emptied once its time has come, as Kafka's cleaner does.
 *
 * @param lastDataOffset the last offset of the producer's last data batch in {@code producerEpoch}; empty if none
 * @param producerEpoch  the producer's current epoch
 */
public record LastRecord(OptionalLong lastDataOffset, short producerEpoch) {

    public LastRecord {
        Objects.requireNonNull(lastDataOffset, "lastDataOffset");
    }

    /** What the log must hold of the producer whose state is {@code entry}. */
    public static LastRecord of(ProducerStateEntry entry) {
        return new LastRecord(entry.lastBatch().map(batch -> OptionalLong.of(batch.lastOffset()))
                .orElse(OptionalLong.empty()), entry.producerEpoch());
    }

    /**
     * Whether {@code batch}, written by this producer, holds this last record: the data batch ending at the last data
     * offset, or, without one, a transaction marker of the current epoch.
     */
    public boolean isHeldBy(RecordBatch batch) {
        if (lastDataOffset.isPresent()) {
            return batch.lastOffset() == lastDataOffset.getAsLong();
        }
        return batch.isControlBatch() && batch.producerEpoch() == producerEpoch;
    }
}
