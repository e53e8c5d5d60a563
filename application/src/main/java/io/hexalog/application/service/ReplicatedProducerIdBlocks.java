package io.hexalog.application.service;

import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

/**
 * Producer ID blocks claimed through the replicated log, so that no two brokers of a cluster hand out the same
 * ID: every broker applies the same claims in the same order to its own store.
 */
final class ReplicatedProducerIdBlocks {

    private final ReplicatedLog log;

    ReplicatedProducerIdBlocks(ReplicatedLog log) {
        this.log = log;
    }

    /** Claims the next block of {@code size} IDs; blocks until the claim has been applied here. */
    long claimBlock(int size) {
        return FutureFailures.await(log.submit(new ReplicatedCommand.ClaimProducerIds(size)));
    }
}
