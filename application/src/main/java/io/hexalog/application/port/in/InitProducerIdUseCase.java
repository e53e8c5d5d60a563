package io.hexalog.application.port.in;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Gives idempotent producers their identity (InitProducerId, without transactions). */
public interface InitProducerIdUseCase {

    /**
     * Answers an epoch bump at once; a new ID may have to claim a block of IDs from storage first, which
     * happens off the caller's thread. May be called from an event loop.
     *
     * @param current the producer's present ID and epoch when it asks for an epoch bump (KIP-360); empty for
     *                a new producer
     * @return completes with a new ID at epoch 0, or the same ID with the next epoch
     */
    CompletableFuture<ProducerIdAndEpoch> initProducerId(Optional<ProducerIdAndEpoch> current);
}
