package io.hexalog.domain.partition;

/**
 * A transaction that was aborted on a partition (Kafka's {@code AbortedTxn}): a read-committed consumer drops
 * the producer's records from {@code firstOffset} up to the abort marker at {@code lastOffset}.
 *
 * @param firstOffset the offset of the transaction's first batch on the partition
 * @param lastOffset  the offset of its abort marker
 */
public record AbortedTransaction(long producerId, long firstOffset, long lastOffset) {

    public AbortedTransaction {
        if (producerId < 0 || firstOffset < 0 || lastOffset < firstOffset) {
            throw new IllegalArgumentException("Invalid aborted transaction of producer " + producerId
                    + " over [" + firstOffset + ", " + lastOffset + "]");
        }
    }

    /** Whether some of its offsets lie in {@code [fromOffset, toOffset)}. */
    public boolean overlaps(long fromOffset, long toOffset) {
        return lastOffset >= fromOffset && firstOffset < toOffset;
    }
}
