package io.hexalog.application.port.out;

/**
 * Hands out blocks of producer IDs that are never handed out again, even across restarts of a persistent
 * store (a producer ID reused after a restart would inherit another producer's sequence state).
 */
public interface ProducerIdBlockStore {

    /**
     * Claims the next block of {@code size} IDs.
     *
     * @return the first ID of the block; blocks returned by successive calls never overlap and IDs start at 0
     */
    long claimBlock(int size);
}
