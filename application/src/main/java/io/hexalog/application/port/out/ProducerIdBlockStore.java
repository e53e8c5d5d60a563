package io.hexalog.application.port.out;

/**
 * Hands out blocks of producer IDs that are never handed out again, even across restarts of a persistent
 * store (a producer ID reused after a restart would inherit another producer's sequence state).
 * Implementations are thread-safe.
 */
public interface ProducerIdBlockStore {

    /**
     * Claims the next block of {@code size} IDs. Blocks the calling thread until the claim is durable (for a
     * persistent store: written and fsynced), so that no restart hands the block out again; never call from
     * an event loop.
     *
     * @return the first ID of the block; blocks returned by successive calls never overlap and IDs start at 0
     */
    long claimBlock(int size);

    /**
     * The first ID of the block the next {@link #claimBlock} hands out: 0 before any claim, then the end of the
     * last block claimed. Never blocks (the counter is kept in memory).
     */
    long nextBlockStart();
}
