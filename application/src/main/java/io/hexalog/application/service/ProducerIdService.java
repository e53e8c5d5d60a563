package io.hexalog.application.service;

import io.hexalog.application.port.in.InitProducerIdUseCase;
import io.hexalog.application.port.in.ProducerIdAndEpoch;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Hands out producer IDs from blocks claimed from storage, so that a restart never reuses an ID, and bumps
 * epochs for producers that ask (KIP-360). When an epoch would overflow, the producer gets a new ID. A bump
 * is answered at once; new IDs are handed out on the executor for blocking work, as one of them may have to
 * claim a block.
 */
public final class ProducerIdService implements InitProducerIdUseCase {

    static final int BLOCK_SIZE = 1000;

    private final ReplicatedProducerIdBlocks blocks;
    private final Executor blocking;
    private long next;
    private long blockEnd;

    /** @param blocking where new IDs are handed out */
    ProducerIdService(ReplicatedProducerIdBlocks blocks, Executor blocking) {
        this.blocks = blocks;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<ProducerIdAndEpoch> initProducerId(Optional<ProducerIdAndEpoch> current) {
        if (current.isPresent() && current.get().epoch() < Short.MAX_VALUE - 1) {
            ProducerIdAndEpoch known = current.get();
            return CompletableFuture.completedFuture(new ProducerIdAndEpoch(known.producerId(), (short) (known.epoch() + 1)));
        }
        return CompletableFuture.supplyAsync(this::newProducerId, blocking);
    }

    /** A producer ID no one had: may claim a block of IDs, so blocks; never call from an event loop. */
    long nextProducerId() {
        return newProducerId().producerId();
    }

    private synchronized ProducerIdAndEpoch newProducerId() {
        if (next == blockEnd) {
            next = blocks.claimBlock(BLOCK_SIZE);
            blockEnd = next + BLOCK_SIZE;
        }
        return new ProducerIdAndEpoch(next++, (short) 0);
    }
}
