package io.hexalog.adapter.storage.memory;

import io.hexalog.application.port.out.ProducerIdBlockStore;

import java.util.concurrent.atomic.AtomicLong;

/** Producer ID blocks from a counter; IDs are unique for the life of the process. */
final class InMemoryProducerIdBlockStore implements ProducerIdBlockStore {

    private final AtomicLong nextBlockStart = new AtomicLong();

    @Override
    public long claimBlock(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("block size must be positive: " + size);
        }
        return nextBlockStart.getAndAdd(size);
    }

    @Override
    public long nextBlockStart() {
        return nextBlockStart.get();
    }
}
