package io.hexalog.domain.partition;

/**
 * Where a leader epoch's writes end: the answer of OffsetForLeaderEpoch.
 *
 * @param leaderEpoch the epoch found at or below the one asked, -1 when undefined
 * @param endOffset   the offset after the epoch's last record, -1 when undefined
 */
public record EpochEndOffset(int leaderEpoch, long endOffset) {

    /** Kafka's UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET. */
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1L);

    public boolean isUndefined() {
        return equals(UNDEFINED);
    }
}
