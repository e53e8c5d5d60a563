package io.hexalog.application.port.in;

import java.util.Optional;

/** Gives idempotent producers their identity (InitProducerId, without transactions). */
public interface InitProducerIdUseCase {

    /**
     * @param current the producer's present ID and epoch when it asks for an epoch bump (KIP-360); empty for
     *                a new producer
     * @return a new ID at epoch 0, or the same ID with the next epoch
     */
    ProducerIdAndEpoch initProducerId(Optional<ProducerIdAndEpoch> current);
}
