package io.hexalog.application.service;

import io.hexalog.application.port.in.InitProducerIdUseCase;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.out.ProducerIdBlockStore;

import java.util.Optional;

/**
 * Hands out producer IDs from blocks claimed from storage, so that a restart never reuses an ID, and bumps
 * epochs for producers that ask (KIP-360). When an epoch would overflow, the producer gets a new ID.
 */
public final class ProducerIdService implements InitProducerIdUseCase {

    static final int BLOCK_SIZE = 1000;

    private final ProducerIdBlockStore blocks;
    private long next;
    private long blockEnd;

    public ProducerIdService(ProducerIdBlockStore blocks) {
        this.blocks = blocks;
    }

    @Override
    public synchronized ProducerIdAndEpoch initProducerId(Optional<ProducerIdAndEpoch> current) {
        if (current.isPresent() && current.get().epoch() < Short.MAX_VALUE - 1) {
            ProducerIdAndEpoch known = current.get();
            return new ProducerIdAndEpoch(known.producerId(), (short) (known.epoch() + 1));
        }
        if (next == blockEnd) {
            next = blocks.claimBlock(BLOCK_SIZE);
            blockEnd = next + BLOCK_SIZE;
        }
        return new ProducerIdAndEpoch(next++, (short) 0);
    }
}
