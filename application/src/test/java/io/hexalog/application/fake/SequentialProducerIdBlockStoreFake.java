package io.hexalog.application.fake;

import io.hexalog.application.port.out.ProducerIdBlockStore;

import java.util.ArrayList;
import java.util.List;

/** Hands out consecutive blocks and remembers every claim. */
public final class SequentialProducerIdBlockStoreFake implements ProducerIdBlockStore {

    private final List<Integer> claims = new ArrayList<>();
    private long next;

    /** A store that has handed out no ID yet: the first block starts at 0, as the port promises. */
    public SequentialProducerIdBlockStoreFake() {
        this(0);
    }

    /** A store as it is after blocks below {@code firstId} were handed out. */
    public SequentialProducerIdBlockStoreFake(long firstId) {
        this.next = firstId;
    }

    @Override
    public synchronized long claimBlock(int size) {
        claims.add(size);
        long first = next;
        next += size;
        return first;
    }

    @Override
    public synchronized long nextBlockStart() {
        return next;
    }

    /** The size of each block claimed so far. */
    public synchronized List<Integer> claims() {
        return List.copyOf(claims);
    }
}
