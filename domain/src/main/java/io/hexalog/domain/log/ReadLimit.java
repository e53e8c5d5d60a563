package io.hexalog.domain.log;

/**
 * How many bytes of whole batches one read of a partition log may return. A read that has returned nothing
 * yet may take a first batch larger than the limit when {@code minOneBatch} is set, so that a consumer is
 * never stuck behind a batch bigger than its fetch size (KIP-74); otherwise a batch that does not fit ends
 * the read.
 *
 * @param maxBytes    the most bytes the batches of the read may total, the first batch aside
 * @param minOneBatch whether the first batch is taken whatever its size: true for the first partition of a
 *                    fetch response that has returned data, false for the partitions after it
 */
public record ReadLimit(int maxBytes, boolean minOneBatch) {

    public ReadLimit {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("a read limit must not be negative: " + maxBytes);
        }
    }

    /** A limit of {@code maxBytes} whose first batch is taken whatever its size. */
    public static ReadLimit atLeastOneBatch(int maxBytes) {
        return new ReadLimit(maxBytes, true);
    }

    /** A limit of {@code maxBytes} that no batch may exceed. */
    public static ReadLimit strict(int maxBytes) {
        return new ReadLimit(maxBytes, false);
    }

    /**
     * Whether the next batch belongs to the read.
     *
     * @param bytesRead what the batches taken so far total
     * @param batchSize the size of the next batch
     */
    public boolean admits(long bytesRead, int batchSize) {
        boolean first = bytesRead == 0;
        return bytesRead + batchSize <= maxBytes || (first && minOneBatch);
    }
}
