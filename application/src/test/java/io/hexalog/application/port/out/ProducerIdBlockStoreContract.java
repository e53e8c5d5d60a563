package io.hexalog.application.port.out;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ProducerIdBlockStore} promises. An adapter's test extends this class and supplies a
 * fresh store per test, one that has never handed out a block.
 */
public abstract class ProducerIdBlockStoreContract {

    private ProducerIdBlockStore store;

    /** The adapter under test, never used before. Called once before each test. */
    protected abstract ProducerIdBlockStore createStore();

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
    }

    protected ProducerIdBlockStore store() {
        return store;
    }

    @Test
    void shouldStartFirstBlockAtZero() {
        assertThat(store.claimBlock(1000)).isZero();
    }

    @Test
    void shouldTellWhereTheNextBlockStartsWithoutClaimingIt() {
        assertThat(store.nextBlockStart()).isZero();
        store.claimBlock(1000);
        store.claimBlock(250);

        assertThat(store.nextBlockStart()).isEqualTo(1250);
        assertThat(store.nextBlockStart()).isEqualTo(1250);
        assertThat(store.claimBlock(10)).isEqualTo(1250);
    }

    @Test
    void shouldHandOutSuccessiveBlocksThatNeverOverlap() {
        List<Block> blocks = new ArrayList<>();
        for (int size : new int[]{1000, 1, 250, 1000, 7}) {
            blocks.add(new Block(store.claimBlock(size), size));
        }

        assertNoOverlap(blocks);
    }

    @Test
    void shouldHandOutNonOverlappingBlocksToConcurrentClaims() throws Exception {
        int claimers = 8;
        int claimsEach = 50;
        ExecutorService threads = Executors.newFixedThreadPool(claimers);
        try {
            List<Future<List<Block>>> claimed = new ArrayList<>();
            for (int t = 0; t < claimers; t++) {
                claimed.add(threads.submit(() -> {
                    List<Block> mine = new ArrayList<>();
                    for (int i = 0; i < claimsEach; i++) {
                        mine.add(new Block(store.claimBlock(100), 100));
                    }
                    return mine;
                }));
            }

            List<Block> all = new ArrayList<>();
            for (Future<List<Block>> blocks : claimed) {
                all.addAll(blocks.get(30, TimeUnit.SECONDS));
            }

            assertThat(all).hasSize(claimers * claimsEach);
            assertNoOverlap(all);
        } finally {
            threads.shutdownNow();
        }
    }

    /** A claimed block of IDs: {@code [first, first + size)}. */
    protected record Block(long first, int size) {
        long end() {
            return first + size;
        }
    }

    protected static void assertNoOverlap(List<Block> blocks) {
        List<Block> sorted = blocks.stream().sorted(Comparator.comparingLong(Block::first)).toList();
        assertThat(sorted.get(0).first()).isGreaterThanOrEqualTo(0);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).first())
                    .as("block %s must start after block %s", sorted.get(i), sorted.get(i - 1))
                    .isGreaterThanOrEqualTo(sorted.get(i - 1).end());
        }
    }
}
