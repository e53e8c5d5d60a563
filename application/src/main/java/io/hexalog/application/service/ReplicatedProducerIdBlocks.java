package io.hexalog.application.service;

import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

/**
 * Producer ID blocks claimed through the replicated log, so that no two brokers of a cluster hand out the same
 * ID: every broker applies the same claims in the same order to its own store.
 */
final class ReplicatedProducerIdBlocks implements ProducerIdBlockStore {

    private final ReplicatedLog log;

    ReplicatedProducerIdBlocks(ReplicatedLog log) {
        this.log = log;
    }

    @Override
    public long claimBlock(int size) {
        return FutureFailures.await(log.submit(new ReplicatedCommand.ClaimProducerIds(size)));
    }
}
